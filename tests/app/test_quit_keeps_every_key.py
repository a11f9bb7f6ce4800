"""Every key typed before `q` is in the autosave, however busy the worker is when `q` comes.

Keys in one SSH packet reach the worker together, and `q` with them: the worker may still be
drawing the picture of the burst's first key, with the rest of the burst queued behind it (a
second and more, in a big terminal on a busy machine). Quitting waited a fixed 0.15 s for the
worker, then saved the run as it stood, without the burst's last keys (tests/e2e/
test_key_bursts.py failed so, 1 run in 7). Here the worker is held in that picture by
construction, not by timing: it goes on only once quitting waits for it a second time, which a
save after one fixed wait never does.
"""

import contextlib
import threading
from pathlib import Path

import pytest

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.runfile import load_run
from tui.app import ScratchnetApp
from tui.lifecycle import quitting
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    CheckGradients,
    ClimbLadder,
    Command,
    NextChoice,
    ResizeLayer,
    SetGridSize,
    Stop,
)
from tui.snapshot import Event, Snapshot

FIRST_KEY = AddLayer()  # `]`: the worker is held in its picture
# The rest of the burst `]]]..,.ddd+++ss`, queued behind that picture.
REST: tuple[Command, ...] = (
    *[AddLayer()] * 2,
    *[ResizeLayer(-1, 1)] * 2,
    ResizeLayer(-1, -1),
    ResizeLayer(-1, 1),
    *[NextChoice("dataset_name")] * 3,
    *[ClimbLadder("learning_rate", 1)] * 3,
    *[ChangeSeed(1)] * 2,
)


class Finished(threading.Event):
    """The worker's `finished`, as quitting waits on it: the held worker goes on only once
    quitting waits a second time, so it stays busy longer than any first wait lasts."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release
        self.waits = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.waits += 1
        if self.waits > 1:
            self.release.set()
        return super().wait(timeout)


class BusyWorker:
    """The app's session, run in a thread as the app runs it, held in the picture of the
    first key it is sent: the worker busy drawing while the rest of the burst comes."""

    def __init__(self, app: ScratchnetApp, rest: tuple[Command, ...] = REST) -> None:
        """`rest`: the commands sent while the worker is held, before Stop."""
        self.session = app.session
        self.rest = rest
        self.release = threading.Event()
        self.drawn = threading.Event()  # the run's first frame is out: the worker waits for keys
        self.held = threading.Event()  # the worker is in the picture of the first key
        self.session.finished = Finished(self.release)
        self.pictures = 0
        self.thread = threading.Thread(target=self.work)
        app.worker = self.thread  # the app's worker, which quitting may give up on

    def work(self) -> None:
        """The session's loop; a worker given up on ends on SystemExit (`interrupt`), quietly,
        as the app's does: Python's threads ignore it."""
        with contextlib.suppress(SystemExit):
            self.session.work(self.publish)

    def publish(self, event: Event) -> None:
        """The first whole frame is the run's own; the second, the first key's picture."""
        if isinstance(event, Snapshot) and not event.pending:
            self.pictures += 1
            self.drawn.set()
            if self.pictures == 2:
                self.held.set()
                self.release.wait(PATIENCE)

    def __enter__(self) -> "BusyWorker":
        self.thread.start()
        assert self.drawn.wait(PATIENCE), "the run's first frame"
        self.session.send(FIRST_KEY)
        assert self.held.wait(PATIENCE), "the worker draws the first key's picture"
        for command in self.rest:
            self.session.send(command)
        self.session.send(Stop())  # `q` (quit_now)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(PATIENCE)


def app_saving_to(path: Path) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(learning_rate=0.1), paused=True, autosave=str(path))


def test_keys_queued_behind_a_busy_picture_are_all_in_the_autosave(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    app = app_saving_to(path)
    with BusyWorker(app):
        assert app.stop_and_autosave() is None
    config, _ = load_run(str(path))
    # As the e2e test's keys one by one: ]]] then ..,. give 4,4,4,6; ddd grid -> spiral;
    # +++ 0.1 -> 3; ss 0 -> 2.
    assert config.hidden == (4, 4, 4, 6)
    assert config.dataset_name == "spiral"
    assert (config.learning_rate, config.seed) == (3.0, 2)
    assert app.left_out == 0


def test_a_worker_stuck_for_good_is_not_waited_for_and_the_user_hears_what_the_file_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a step of a huge network would: it applies nothing more, however long quitting waits.
    monkeypatch.setattr(quitting, "STUCK_AFTER", 0.0)
    path = tmp_path / "run.json"
    app = app_saving_to(path)
    with BusyWorker(app) as worker:
        assert app.stop_and_autosave() is None
        assert not worker.release.is_set(), "saved while the worker was still held"
    config, _ = load_run(str(path))
    assert (config.hidden, config.dataset_name) == ((4, 4), "grid"), "the first key only"
    assert app.left_out == len(REST)


def test_what_changes_only_the_screen_is_not_waited_for(tmp_path: Path) -> None:
    """`g` and a new size of the picture, queued behind a busy picture as the app ends: the run
    keeps nothing of them, so the save does not wait for the worker to get to them (beginning a
    check of a big network costs a step's work, for a check given up at once)."""
    path = tmp_path / "run.json"
    app = app_saving_to(path)
    with BusyWorker(app, (CheckGradients(), SetGridSize(10, 10))) as worker:
        assert app.stop_and_autosave() is None
        assert not worker.release.is_set(), "saved while the worker was still held"
    config, _ = load_run(str(path))
    assert config.hidden == (4, 4)
    assert app.left_out == 0
