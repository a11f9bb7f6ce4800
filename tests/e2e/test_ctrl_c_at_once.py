"""ctrl+c at the first moment it can be pressed stops the app or a server quietly.

A teacher reads "serving on ..." and may press ctrl+c at once; a user may press it while the app
is still starting. Each used to end with a KeyboardInterrupt traceback and status -2 (the
servers caught ctrl+c only after saying "serving on"). The servers here run in this process,
and "ctrl+c" is a SIGINT this process sends itself at that very moment: the worst moment, every
time, where a real terminal would hit it now and then.
"""

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import scratchnet_tui_here
from tui.serving.policy import VisitorPolicy

if TYPE_CHECKING:  # imported by the tests themselves: asyncssh, aiohttp take a while
    from tui.serving.ssh import ClassroomServer
    from tui.serving.web import VisitorServer


@pytest.fixture(autouse=True)
def signal_handlers_kept() -> Iterator[None]:
    """The test process's own handlers of SIGINT and SIGTERM, as they were before the server."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def ctrl_c(*_: object) -> None:
    """What a teacher's ctrl+c does: SIGINT to the server's process."""
    os.kill(os.getpid(), signal.SIGINT)


def stops_quietly(server: "ClassroomServer | VisitorServer") -> None:
    """The server stops as ctrl+c always stops it: `run` returns."""
    try:
        server.run()
    except KeyboardInterrupt:  # and not the whole test run with it
        pytest.fail("ctrl+c ended the server with a KeyboardInterrupt traceback")


POLICY = VisitorPolicy(max_clients=2, per_address=2, idle_timeout=0)


def test_ctrl_c_as_the_ssh_server_says_it_serves_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from tui.serving.ssh import ClassroomServer

    server = ClassroomServer(
        ["--paused"], host="127.0.0.1", port=0, policy=POLICY, keys_file=None, on_listening=ctrl_c
    )
    stops_quietly(server)
    assert server.sessions == set()


def test_ctrl_c_as_the_web_server_says_it_serves_stops_it() -> None:
    from tui.serving.web import VisitorServer

    server = VisitorServer(
        ["--paused"],
        host="127.0.0.1",
        port=0,
        policy=POLICY,
        names=["127.0.0.1"],
        on_listening=ctrl_c,
    )
    stops_quietly(server)
    assert server.sockets == set()


def test_ctrl_c_while_the_app_starts_ends_it_with_130_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui import cli

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt  # as a SIGINT while a --load or --skip-to takes its time

    monkeypatch.setattr(cli, "start_run", interrupted)
    try:
        result = scratchnet_tui_here("--paused", "--skip-to", "100000")
    except KeyboardInterrupt:
        pytest.fail("ctrl+c while it started ended it with a KeyboardInterrupt traceback")
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")
