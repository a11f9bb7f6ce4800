"""Shared test helpers: the tutorial's reference figures and the installed commands."""

import atexit
import contextlib
import gc
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import pytest
from _pytest.unraisableexception import gc_collect_iterations_key

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.stylesheet import Stylesheet
    from textual.css.types import CSSLocation

DATA = Path(__file__).parent / "data"

# The apps under Pilot draw as on a true-colour terminal, whatever TERM the shell has: with
# TERM=xterm Rich detects 16 colours, and the picture would be drawn in shade characters
# (tui/drawing/colours.py). The end-to-end tests set their pty's TERM themselves.
os.environ.setdefault("COLORTERM", "truecolor")


# Garbage collection, for the test process only (the installed commands keep Python's defaults).
# Every Pilot app makes and drops thousands of widgets, styles and strips, and by default Python
# collects after every 700 new objects, each time walking the imported libraries as well. Rarer
# collections, and the objects alive once the tests are collected set aside for good
# (`gc.freeze`), take about a fifth off the CPU of tests/app. Tests that count objects call
# gc.collect() themselves; nothing an app makes is frozen, as the apps start later.
gc.set_threshold(20_000, 20, 20)


def pytest_configure() -> None:
    """Compiled Python, kept for the suite's own processes, as Python keeps it by default.

    The suite starts some 250 Python processes of the same code (the test workers, the
    installed commands, the servers and their visitors' apps). With PYTHONDONTWRITEBYTECODE
    set, as some CI images and containers set it, each one compiled scratchnet and tui from
    source again, and each worker compiled the tests and rewrote their asserts again: 0.04 to
    0.07 CPU s a process, 2 s a worker. So the suite writes bytecode as Python does without
    that setting: beside each source, in the `__pycache__` folders git ignores. The workers and
    every process the tests start inherit it; a source that changes is compiled again.

    Not in a folder of the suite's own (PYTHONPYCACHEPREFIX): Python then looks for all
    bytecode there, the standard library's and the installed packages' too, and compiled every
    one of them again on a clean checkout (some 5 CPU s of the suite's first minute).
    """
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    sys.dont_write_bytecode = False


def pytest_sessionstart(session: pytest.Session) -> None:
    """No garbage collection at the end of each worker (see `_no_collection_at_the_end`), and
    on a fresh checkout the test modules' asserts rewritten once (see `_rewritten_once`)."""
    _no_collection_at_the_end(session)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _rewritten_once(session.config)


def _rewritten_once(config: pytest.Config) -> None:
    """Every test module's asserts rewritten by pytest and kept, before the workers start.

    pytest rewrites each test module's asserts (to say what differed) when it is first
    imported, and keeps the result beside it in `__pycache__`; on a fresh checkout there is
    none yet, and the three workers all start at once, so each rewrote all of them: some 1.7
    CPU s each, a tenth of a cold run's extra time. Done here once, by the process that starts
    the workers, they find them made. Nothing changes when they are up to date (every later
    run), or if pytest's internals move: then the workers rewrite them, as before.
    """
    try:
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        for module in sorted(Path(__file__).parent.rglob("test_*.py")):
            kept = rewrite.get_cache_dir(module) / (module.name[:-3] + rewrite.PYC_TAIL)
            if rewrite._read_pyc(module, kept) is None and rewrite.try_makedirs(kept.parent):
                source_stat, code = rewrite._rewrite_test(module, config)
                rewrite._write_pyc(state, code, source_stat, kept)
    except (ImportError, AttributeError, KeyError, OSError, TypeError):
        return


def _leave_at_once() -> None:
    """A worker's last act: out of the process without taking its objects apart one by one."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _no_collection_at_the_end(session: pytest.Session) -> None:
    """No garbage collection at the end of each worker, where pytest makes five: each walks
    every object the worker's hundreds of apps left, up to a second after its last test while
    the run waits.

    pytest collects then to report exceptions raised where no one could catch them (in a
    `__del__`) by garbage still left at the end; those raised during a test are reported with
    it, as before. Leaving the last garbage uncollected loses only those from objects a test
    left behind, which then are never finalized at all (see `_leave_at_once`).
    """
    session.config.stash[gc_collect_iterations_key] = 0
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # A test worker has sent every result by the time it exits; Python would then free
        # each of its objects and modules, another second the run waits for, for nothing.
        # It runs after every exit handler registered since (the tests' own); of those
        # registered before, what matters is flushing the output, which it does itself.
        atexit.register(_leave_at_once)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def tutorial_run() -> dict[str, Any]:
    """The figures of the tutorial's own run (a copy of shared/reference/tutorial_run.json)."""
    figures: dict[str, Any] = json.loads((DATA / "tutorial_run.json").read_text())
    return figures


def scratchnet_here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`scratchnet ARGS`, what it prints and its exit status, but run in this process through
    `cli.main`, which the installed command calls: for the tests whose point is the command's
    options, output and files, not its process (each process costs a Python start and
    scratchnet's imports, 0.13 CPU s). `cwd`: the folder it runs in."""
    from scratchnet import cli

    return _main_here("scratchnet", cli.main, args, cwd)


def scratchnet_tui_here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`scratchnet-tui ARGS` as `scratchnet_here` runs `scratchnet`: for options it refuses, or
    answers (--help), before any screen or server. Options that would start the app, or serve
    it (`--serve`, `--ssh`), fail the test. The environment is this process's (monkeypatch it)."""
    from tui import cli
    from tui.app import ScratchnetApp
    from tui.serving import start

    def started(*_: object, **__: object) -> None:
        raise AssertionError(f"scratchnet-tui {' '.join(args)} started the app")

    def serving() -> None:
        raise AssertionError(f"scratchnet-tui {' '.join(args)} started to serve")

    def unstarted(make: Callable[..., Any]) -> Callable[..., Any]:
        """The server `make` gives (its host key read, its --ssh-keys too), never run."""

        def making(*options: object) -> Any:
            server = make(*options)
            server.run = serving
            return server

        return making

    with (
        mock.patch.object(ScratchnetApp, "run", started),
        mock.patch.object(start, "web_server", unstarted(start.web_server)),
        mock.patch.object(start, "ssh_server", unstarted(start.ssh_server)),
    ):
        return _main_here("scratchnet-tui", cli.main, args, cwd)


def _main_here(
    name: str, main: Callable[[list[str]], int], args: tuple[str, ...], cwd: Path | None
) -> subprocess.CompletedProcess[str]:
    """What `main(args)` prints and its exit status, as a process would give them. Help is laid
    out for 80 columns, as in a process whose output is not a terminal."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {"COLUMNS": "80"}),
        contextlib.chdir(cwd or os.getcwd()),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            status = main(list(args))
        except SystemExit as leaving:  # argparse: --help, or a refused option
            status = leaving.code if isinstance(leaving.code, int) else int(bool(leaving.code))
    return subprocess.CompletedProcess([name, *args], status, out.getvalue(), err.getvalue())


def installed_command(name: str) -> str:
    """The path of a console script installed next to the running Python."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run pip install '.[test]'")
    return str(path)


@pytest.fixture(autouse=True)
def pilot_waits_until_the_app_has_handled_its_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's Pilot, after each key, waits until the app's process looks idle (under 5 % of
    a core), for up to a second: a guess that a busy machine gets wrong both ways, and that an
    app which is training never passes. The Pilot here waits instead until the app has handled
    every message that was sent (`harness.pilot.settled`): a condition, not a time. What the
    worker sends back comes on its own time; tests wait for it (`harness.pilot.wait_for`).
    The Pilot's own wait for the widgets to handle their messages, after each key and each
    pause, skips the ones waiting with nothing to do (`harness.pilot.handled`).
    """
    import textual.app
    import textual.pilot
    from textual._context import active_app

    from harness.pilot import handled, settled

    async def until_settled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        await settled(active_app.get())

    monkeypatch.setattr(textual.app, "wait_for_idle", until_settled)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", until_settled)
    monkeypatch.setattr(textual.pilot.Pilot, "_wait_for_screen", handled)


# The rules Textual parsed from each piece of CSS, kept for every app the test process starts:
# see `css_parsed_once_per_process`.
PARSED_CSS: dict[tuple[object, ...], list["RuleSet"]] = {}


@pytest.fixture(autouse=True)
def css_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app parses the same CSS again (tui/app.tcss, and each widget's DEFAULT_CSS), as
    Textual keeps what it parsed per stylesheet, that is per app, and tests/app starts some 120
    apps. Here what was parsed is kept for the test process: an app's start and first frame
    took 9 ms less CPU of some 70 (with and without, in turn in one process, 60 starts each).

    The rules parsed depend only on what the key holds: the CSS, where it was read from,
    whether it is a widget's default CSS, its tie breaker and scope, and the stylesheet's
    variables (the theme's colours: a change of theme parses again). Textual itself hands the
    same parsed rules out again, from its own cache, and changes none once parsed: a widget's
    styles take the values from them. (Every widget's styles, the panel's and help's too, came
    out the same with it as without, through five changes of theme.)
    """
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules

    def parsed_once(
        stylesheet: "Stylesheet",
        css: str,
        read_from: "CSSLocation",
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list["RuleSet"]:
        variables = frozenset(stylesheet._variables.items())  # some 170: 30 µs
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = PARSED_CSS.get(key)
        if rules is None:
            rules = PARSED_CSS[key] = parse(
                stylesheet, css, read_from, is_default_rules, tie_breaker, scope
            )
        return rules

    monkeypatch.setattr(Stylesheet, "_parse_rules", parsed_once)
