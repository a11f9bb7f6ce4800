"""Files are never clobbered: only our own files are replaced (keeping their permissions), any
other file is refused unless a person said yes, symlinks are judged by what they lead to,
devices, FIFOs, sockets and folders are refused (to write and to read, without blocking), and a
killed save's leftovers are cleaned."""

import json
import os
import re
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
from scratchnet import files
from scratchnet.config import RunConfig
from scratchnet.export import CSV_FILE, export_csv
from scratchnet.files import (
    HEAD_BYTES,
    TEMPORARY_SUFFIX,
    FileKind,
    NotAFileError,
    read_regular_file,
    remove_stale_temporaries,
    same_file,
    write_atomically,
)
from scratchnet.run_json import RunFileError
from scratchnet.runfile import RUN_FILE, check_writable, load_run, run_data, save_run

TRAINER = RunConfig().trainer()
TRAINER.step()
# A kind of file for tests of the mechanics alone: any file that starts with "the ".
THE_FILE = FileKind("a test file", re.compile(b"the "))


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
    save_run(real, RunConfig(), RunConfig().trainer())  # a run at step 0: ours to replace
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


# -- whose file it is --------------------------------------------------------------------------


def test_a_file_that_is_not_ours_is_refused_in_one_line_and_kept_byte_for_byte(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"notes\n")
    run, csv = tmp_path / "run.json", tmp_path / "losses.csv"
    save_run(run, RunConfig(), TRAINER)
    export_csv(csv, TRAINER)
    empty, other_json = tmp_path / "empty.json", tmp_path / "other.json"
    empty.write_bytes(b"")
    other_json.write_text('{"format": "another program", "version": 2}')
    cases = [
        (notes, RUN_FILE, "a scratchnet run"),
        (notes, CSV_FILE, "a scratchnet CSV of losses"),
        (run, CSV_FILE, "a scratchnet CSV of losses"),  # the run is ours, but not a CSV
        (csv, RUN_FILE, "a scratchnet run"),
        (empty, RUN_FILE, "a scratchnet run"),
        (other_json, RUN_FILE, "a scratchnet run"),
    ]
    for path, kind, name in cases:
        before = path.read_bytes()
        reason = f"it holds something that is not {name}, and would be lost"
        write = partial(save_run, path, RunConfig(), TRAINER)
        if kind is CSV_FILE:
            write = partial(export_csv, path, TRAINER)
        verb = "save" if kind is RUN_FILE else "write"
        assert one_line_error(write) == f"cannot {verb} {path}: {reason}"
        assert (
            one_line_error(partial(check_writable, path, kind)) == f"cannot write {path}: {reason}"
        )
        refusal = files.check_writable(path, kind)
        assert refusal is not None and refusal.foreign, "the app asks about it"
        assert path.read_bytes() == before, f"{path.name} as {name}: kept byte for byte"
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["notes.txt", "run.json", "losses.csv", "empty.json", "other.json"]
    ), "no temporary file left"


def test_our_own_files_are_replaced_and_keep_their_permissions(tmp_path: Path) -> None:
    run, csv = tmp_path / "run.json", tmp_path / "losses.csv"
    save_run(run, RunConfig(), RunConfig().trainer())
    export_csv(csv, RunConfig().trainer())
    run.chmod(0o600)
    csv.chmod(0o640)
    assert files.check_writable(run, RUN_FILE) is None
    assert files.check_writable(csv, CSV_FILE) is None
    save_run(run, RunConfig(), TRAINER)
    export_csv(csv, TRAINER)
    assert load_run(run)[1].steps == 1 and csv.read_text().count("\n") == 2
    assert stat.S_IMODE(run.stat().st_mode) == 0o600, "a private run stays private"
    assert stat.S_IMODE(csv.stat().st_mode) == 0o640


def test_a_run_written_on_one_line_by_another_tool_is_still_ours(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run_data(RunConfig(), TRAINER)))  # no line breaks, no indent
    assert files.check_writable(path, RUN_FILE) is None
    save_run(path, RunConfig(), RunConfig().trainer())
    assert load_run(path)[1].steps == 0


def test_through_a_symlink_our_file_is_replaced_keeping_its_mode_and_any_other_is_refused(
    tmp_path: Path,
) -> None:
    # As root, `--save link` with `link -> /etc/passwd` once replaced the password file with a
    # run. Here the "system file" is a private file in a temporary folder.
    secret = tmp_path / "secret"
    secret.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    secret.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(secret)
    message = one_line_error(partial(save_run, link, RunConfig(), TRAINER))
    assert message == (
        f"cannot save {link}: it leads to {secret}, which holds something that is not a "
        "scratchnet run, and would be lost"
    )
    assert secret.read_bytes() == b"root:x:0:0:root:/root:/bin/bash\n"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and link.is_symlink()

    private = tmp_path / "private.json"
    save_run(private, RunConfig(), RunConfig().trainer())
    private.chmod(0o600)
    (tmp_path / "latest.json").symlink_to(private)
    save_run(tmp_path / "latest.json", RunConfig(), TRAINER)
    assert load_run(private)[1].steps == 1 and (tmp_path / "latest.json").is_symlink()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600, "was left 0644"


def test_replacing_a_file_that_is_not_ours_takes_a_yes_and_keeps_its_permissions(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    notes.chmod(0o600)
    save_run(notes, RunConfig(), TRAINER, replace_foreign=True)
    assert load_run(notes)[1].steps == 1
    assert stat.S_IMODE(notes.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["notes.txt"]
    for path in (os.devnull, tmp_path):  # no yes replaces a device or a folder
        assert "not a file" in one_line_error(
            partial(save_run, path, RunConfig(), TRAINER, replace_foreign=True)
        )


def test_only_the_head_of_a_file_is_read_to_tell_whose_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as file:  # a sparse file of 1 GB: reading it whole would be a mistake
        file.truncate(2**30)
    limits: list[int] = []

    def spy(path: files.PathLike, limit: int) -> bytes:
        limits.append(limit)
        return read_regular_file(path, limit)

    monkeypatch.setattr(files, "read_regular_file", spy)
    assert "would be lost" in one_line_error(partial(check_writable, path, RUN_FILE))
    assert limits == [HEAD_BYTES]


# -- refusing what is not a file ---------------------------------------------------------------


def test_the_null_device_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    # As root a rename over /dev/null succeeds, and every program on the machine loses it.
    for write in (
        lambda: save_run(os.devnull, RunConfig(), TRAINER),
        lambda: export_csv(os.devnull, TRAINER),
        lambda: check_writable(os.devnull, RUN_FILE),
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
        assert kind in one_line_error(partial(check_writable, path, RUN_FILE))
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
        "import re, sys, time\n"
        "from scratchnet.files import FileKind, write_atomically\n"
        "def pieces():\n"
        "    yield b'half a file'\n"
        "    time.sleep(600)\n"
        "write_atomically(sys.argv[1], pieces(), FileKind('a test file', re.compile(b'the ')))\n"
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
    write_atomically(target, b"the new file", THE_FILE)
    assert listing(tmp_path) == ["run.json"] and target.read_bytes() == b"the new file"


# -- one file, two roles -----------------------------------------------------------------------


def test_same_file_sees_through_links_and_names_not_there_yet(tmp_path: Path) -> None:
    real = tmp_path / "run.json"
    real.write_text("{}")
    (tmp_path / "link.json").symlink_to(real)
    assert same_file(real, tmp_path / "link.json")
    assert same_file(tmp_path / "sub" / ".." / "new.csv", tmp_path / "new.csv")
    assert not same_file(real, tmp_path / "new.csv")
