"""The app empties Textual's and Rich's global caches now and then (issue 11: they filled with
some 20 MB over a 10-minute soak). The memory itself is measured by benchmarks/soak.py; these
tests show that the sweep empties the caches that grew, only those, and that the app runs it;
that it lets go of the widgets that are gone but that Textual still lists as watchers; and that
it gives freed memory back to the system."""

import os

import pytest
from rich.cells import cached_cell_len
from rich.segment import Segment
from textual.geometry import Region
from textual.widgets import TextArea

import tui.app
from harness.pilot import wait_for, wait_until
from harness.soak import rss_mb
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.drawing.diagram import link_style
from tui.lifecycle.cache_sweeper import library_caches, sweep
from tui.lifecycle.closed_watchers import drop_closed_watchers
from tui.lifecycle.heap_trim import trim_heap

SIZE = (80, 24)  # where SSH sessions open, and less to draw a frame than 120x40


def test_a_sweep_empties_textual_and_rich_caches_and_nothing_else() -> None:
    Region(0, 0, 10, 10).intersection(Region(5, 5, 10, 10))  # Textual's
    cached_cell_len("typed into a dialog")  # Rich's
    Segment("漢字 and more", None).split_cells(3)  # (a plain line is cut without the cache)
    link_style(None, (0, 0, 0), 1, False)  # the app's own: bounded by what it can be asked
    filled = [Region.intersection, cached_cell_len, Segment._split_cells]
    assert all(cache.cache_info().currsize > 0 for cache in filled)

    emptied = sweep()

    assert emptied == len(library_caches()) >= len(filled)
    assert [cache.cache_info().currsize for cache in filled] == [0, 0, 0]
    assert link_style.cache_info().currsize > 0


async def test_the_app_sweeps_while_it_trains(monkeypatch: pytest.MonkeyPatch) -> None:
    sweeps: list[int] = []
    trims: list[bool] = []
    monkeypatch.setattr(tui.app, "SWEEP_SECONDS", 0.05)
    monkeypatch.setattr(tui.app, "sweep", lambda: sweeps.append(sweep()))
    monkeypatch.setattr(tui.app, "trim_heap", lambda: trims.append(trim_heap()))
    app = ScratchnetApp(RunConfig())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: len(sweeps) >= 2)
        before = await wait_for(pilot, lambda s: s.step > 0)
        await wait_for(pilot, lambda s: s.step > before.step)  # and it goes on training
    assert all(count > 0 for count in sweeps)
    assert len(trims) >= 2


async def test_a_widget_gone_is_no_longer_kept_by_textual_as_a_watcher_of_the_app() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        area = TextArea("watches the app's theme")
        await app.screen.mount(area)
        await area.remove()
        watchers = getattr(app, "__watchers")["theme"]
        assert any(node is area for node, _ in watchers), "Textual keeps it (textual/reactive.py)"
        assert drop_closed_watchers(app) == 1
        assert not any(node is area for node, _ in watchers)
        assert drop_closed_watchers(app) == 0


def test_memory_freed_below_memory_still_in_use_is_given_back() -> None:
    # 60 MB in blocks the C library allocates (over 512 bytes), then all but every 16th freed:
    # what is freed lies between blocks still alive, and glibc keeps it until trimmed.
    blocks = [bytes(2000) for _ in range(30_000)]
    kept = blocks[::16]
    del blocks
    before = rss_mb(os.getpid())
    if not trim_heap():
        pytest.skip("this C library has no malloc_trim (not glibc)")
    after = rss_mb(os.getpid())
    assert after < before - 20, f"{before:.1f} MB before, {after:.1f} after"
    assert len(kept) == 1875
