"""Files are never clobbered: symlinks are written through, devices, FIFOs, sockets and folders
are refused (to write and to read, without blocking), and a killed save's leftovers are cleaned."""

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.export import export_csv
from scratchnet.files import (
    TEMPORARY_SUFFIX,
    NotAFileError,
    read_regular_file,
    remove_stale_temporaries,
    same_file,
    write_atomically,
)
from scratchnet.runfile import RunFileError, check_writable, load_run, save_run

TRAINER = RunConfig().trainer()
TRAINER.step()


def one_line_error(action: Callable[[], object]) -> str:
    """Run `action`, which must raise RunFileError; its message, checked to be one line."""
    with pytest.raises(RunFileError) as error:
        action()
    message = str(error.value)
    assert "\n" not in message
    return message


def finishes(action: Callable[[], object], guard: float = PATIENCE) -> object:
    """Run `action` in a thread and return what it returned or raised.

    The join timeout only keeps a broken build from hanging the suite forever; it is not a
    timing assertion (a working build returns at once).
    """
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(action())
        except BaseException as error:  # handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(guard)
    assert not thread.is_alive(), "it blocked (a FIFO was opened and waited on)"
    return outcome[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# -- writing through symlinks ------------------------------------------------------------------


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "run.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_run(link, RunConfig(), TRAINER)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_run(real)[1].steps == 1
    assert listing(real.parent) == ["run.json"] and listing(tmp_path) == ["link.json", "real"]


def test_a_dangling_symlink_creates_the_file_it_points_at(tmp_path: Path) -> None:
    link = tmp_path / "losses.csv"
    link.symlink_to(tmp_path / "target.csv")
    export_csv(link, TRAINER)
    assert link.is_symlink() and (tmp_path / "target.csv").read_text().startswith("step,")


# -- refusing what is not a file ---------------------------------------------------------------


def test_the_null_device_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    # As root a rename over /dev/null succeeds, and every program on the machine loses it.
    for write in (
        lambda: save_run(os.devnull, RunConfig(), TRAINER),
        lambda: export_csv(os.devnull, TRAINER),
        lambda: check_writable(os.devnull),
    ):
        assert one_line_error(write).endswith(": it is a character device, not a file")
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    link = tmp_path / "run.json"
    link.symlink_to(os.devnull)  # through a link too
    assert "character device" in one_line_error(lambda: save_run(link, RunConfig(), TRAINER))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and link.is_symlink()
    assert listing(Path(os.devnull).parent).count("null") == 1


def test_a_fifo_a_socket_and_a_folder_are_refused_for_writing(
    tmp_path: Path, fifo: Path, unix_socket: Path
) -> None:
    kinds = [(fifo, "a FIFO (named pipe)"), (unix_socket, "a socket"), (tmp_path, "a folder")]
    for path, kind in kinds:
        message = one_line_error(partial(save_run, path, RunConfig(), TRAINER))
        assert message == f"cannot save {path}: it is {kind}, not a file"
        assert kind in one_line_error(partial(check_writable, path))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and stat.S_ISSOCK(os.stat(unix_socket).st_mode)
    assert listing(tmp_path) == ["fifo.json", "s.sock"]


def test_loading_a_fifo_is_refused_at_once_not_waited_on(fifo: Path) -> None:
    error = finishes(lambda: load_run(fifo))
    assert isinstance(error, RunFileError)
    assert str(error) == f"cannot load {fifo}: it is a FIFO (named pipe), not a file"


def test_loading_a_device_a_socket_or_a_folder_is_refused(
    tmp_path: Path, unix_socket: Path
) -> None:
    for path, kind in [
        (Path("/dev/zero"), "a character device"),  # reading it would never end
        (unix_socket, "a socket"),
        (tmp_path, "a folder"),
    ]:
        error = finishes(partial(load_run, path))
        assert isinstance(error, RunFileError) and str(error).endswith(f"it is {kind}, not a file")


def test_a_fifo_swapped_in_after_the_look_is_caught_when_opened(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between looking and opening the path can change: the check is made again on what was
    # opened (opened without blocking, so a FIFO does not wait for a writer first).
    real_stat = os.stat

    def looks_regular(path: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if path == fifo:
            return os.stat_result((stat.S_IFREG | 0o644, *tuple(result)[1:]))
        return result

    monkeypatch.setattr(os, "stat", looks_regular)  # files.py looks with os.stat
    error = finishes(lambda: read_regular_file(fifo, 100))
    assert isinstance(error, NotAFileError) and "FIFO" in str(error)


# -- leftovers of a killed save ----------------------------------------------------------------


def gone_pid() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_stale_temporary_file_is_removed_by_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    stale = tmp_path / f".run.json.{gone_pid()}.0badc0de{TEMPORARY_SUFFIX}"
    alive = tmp_path / f".run.json.{os.getppid()}.0badc0de{TEMPORARY_SUFFIX}"  # our parent
    ours = tmp_path / f".run.json.{os.getpid()}.0badc0de{TEMPORARY_SUFFIX}"  # another thread?
    other_target = tmp_path / f".other.json.{gone_pid()}.0badc0de{TEMPORARY_SUFFIX}"
    user_file = tmp_path / ".run.json.notes"
    for path in (stale, alive, ours, other_target, user_file):
        path.write_text("half a run")
    save_run(target, RunConfig(), TRAINER)
    assert not stale.exists()
    assert alive.exists() and ours.exists() and other_target.exists() and user_file.exists()
    assert load_run(target)[1].steps == 1


def test_a_temporary_name_that_is_a_link_is_left_alone(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    link = tmp_path / f".run.json.{gone_pid()}.0badc0de{TEMPORARY_SUFFIX}"
    link.symlink_to(precious)
    assert remove_stale_temporaries(tmp_path / "run.json") == []
    assert link.is_symlink() and precious.read_text() == "keep"


def test_a_save_killed_half_way_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    target.write_bytes(b"the old file")
    writer = (
        "import sys, time\n"
        "from scratchnet.files import write_atomically\n"
        "def pieces():\n"
        "    yield b'half a file'\n"
        "    time.sleep(600)\n"
        "write_atomically(sys.argv[1], pieces())\n"
    )
    process = subprocess.Popen([sys.executable, "-c", writer, str(target)])
    try:
        end = time.monotonic() + PATIENCE  # a guard against a hang, not a timing assertion
        while not any(name.endswith(TEMPORARY_SUFFIX) for name in os.listdir(tmp_path)):
            assert time.monotonic() < end and process.poll() is None, "no temporary file"
            time.sleep(0.01)
    finally:
        process.kill()
        process.wait()
    assert len(listing(tmp_path)) == 2 and target.read_bytes() == b"the old file"
    write_atomically(target, b"the new file")
    assert listing(tmp_path) == ["run.json"] and target.read_bytes() == b"the new file"


# -- one file, two roles -----------------------------------------------------------------------


def test_same_file_sees_through_links_and_names_not_there_yet(tmp_path: Path) -> None:
    real = tmp_path / "run.json"
    real.write_text("{}")
    (tmp_path / "link.json").symlink_to(real)
    assert same_file(real, tmp_path / "link.json")
    assert same_file(tmp_path / "sub" / ".." / "new.csv", tmp_path / "new.csv")
    assert not same_file(real, tmp_path / "new.csv")
