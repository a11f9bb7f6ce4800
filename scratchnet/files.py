"""Files the safe way: write whole or not at all, never over someone else's file, never block.

Four things can go wrong with a plain `open(path, "w")` that a user would not forgive:

- A crash half way leaves half a file, and the saved run is lost. So `write_atomically` writes
  a temporary file next to the target and renames it over the target only once it is whole.
  The new file keeps the old one's permissions (and owner, where it may): a run saved over a
  private (0600) run stays private.
- The path names a file that is not one of ours: notes, a script, `/etc/passwd` behind a
  symlink. Writing a run there would lose it. So a save replaces only a file that already is
  what is being written (a `FileKind`: a scratchnet run, a scratchnet CSV), told by its own
  first bytes (its format marker, its header), read with a size cap. Anything else is
  `ForeignFileError`: the commands refuse it; the app asks, and only a person's yes
  (`replace_foreign`) replaces it. `check_writable` is that one rule, for everyone who writes.
- The path names something that is not a file at all: `/dev/null`, a FIFO, a socket, a
  folder. A rename would replace a device with a regular file (as root, it can), and opening a
  FIFO to read waits for a writer that may never come. So both directions first look at what
  the path is, and refuse anything but a regular file (or, to write, nothing yet), with a
  reason in a few words; no yes replaces one.
- A save killed with kill -9 leaves its temporary file behind. Temporary files are named
  `.NAME.PID.RANDOM.scratchnet-tmp`, so the next save to NAME can tell its own kind, and it
  removes those whose process is gone (never one whose process still runs: it may be saving).

A symlink is followed, and judged by what it leads to: to one of our files, the save goes
*through* it (the file it points at gets the new content and keeps its permissions, and the
link stays a link); to anything else, it is refused (or asked about) as that thing would be,
the message naming where it leads. A link that leads to nothing yet creates the file it points
at, as a shell's `>` would: nothing is there to lose.

Every failure is an OSError; `os_reason` says it in a few words for a one-line message.
"""

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scratchnet.shown import shown_path

PathLike = str | os.PathLike[str]

# The end of every temporary file's name: recognisable, so stale ones can be cleaned up.
TEMPORARY_SUFFIX = ".scratchnet-tmp"
# A temporary file's name keeps at most this much of the target's, to stay under the usual
# 255-byte limit of a file name with the dot, the process id, the random part and the suffix.
NAME_KEPT = 200
# The most of an existing file read to tell whether it is one of ours: its first bytes say.
HEAD_BYTES = 4096
# Opening without waiting: a FIFO opens at once instead of waiting for a writer (not on Windows,
# which has no FIFOs to wait on).
NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotAFileError(OSError):
    """The path names something that is not a regular file: a device, FIFO, socket or folder."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ForeignFileError(OSError):
    """The path holds a regular file that is not of the kind being written: replacing it would
    lose it. Only a person's explicit yes may (see the module's docstring)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileKind:
    """A kind of file we write, and how to tell one on the disk by its first bytes.

    name: as a message says it, "a scratchnet run".
    signature: what the file's first HEAD_BYTES bytes start with when it is one: its format
        marker or its header. A file we wrote always matches; a file that does not is not ours.
    """

    name: str
    signature: re.Pattern[bytes]

    def is_kind_of(self, path: PathLike) -> bool:
        """Is the regular file at `path` one of this kind? Unreadable: we cannot tell, so no."""
        try:
            head = read_regular_file(path, HEAD_BYTES)
        except OSError:
            return False
        return self.signature.match(head) is not None


def kind_of(mode: int) -> str:
    """What a file's mode says it is, as in 'it is a FIFO': 'a regular file', 'a folder'..."""
    kinds = [
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symlink"),
    ]
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotAFileError(f"it is {kind_of(mode)}, not a file")


# -- reading -----------------------------------------------------------------------------------


def read_regular_file(path: PathLike, limit: int) -> bytes:
    """The file's bytes, at most `limit` + 1 of them (so that the caller can tell it is too big).

    Refuses (NotAFileError) a FIFO, device, socket or folder without waiting on it: it looks
    before opening, and since the path could change in between, it opens without blocking and
    looks again at what it actually opened.
    """
    _refuse_unless_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as file:
        _refuse_unless_regular(os.fstat(descriptor).st_mode)
        return file.read(limit + 1)


# -- writing -----------------------------------------------------------------------------------


def write_target(path: PathLike, kind: FileKind, replace_foreign: bool = False) -> Path:
    """The file a write of a `kind` file to `path` really goes to: symlinks followed, checked.

    Nothing there yet is fine: the write creates it. A file of this `kind` is fine: the write
    replaces it. Raises NotAFileError for a device, FIFO, socket or folder: replacing it with a
    regular file would break the system (`/dev/null` as root), and writing into it could block
    or do anything. Raises ForeignFileError for any other file, unless `replace_foreign` (a
    person said yes to losing it).
    """
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    _refuse_unless_regular(mode)
    if not (replace_foreign or kind.is_kind_of(target)):
        leads = f"it leads to {shown_path(target)}, which holds"
        where = leads if os.path.islink(path) else "it holds"
        raise ForeignFileError(f"{where} something that is not {kind.name}, and would be lost")
    return target


def write_atomically(
    path: PathLike,
    content: bytes | Iterable[bytes],
    kind: FileKind,
    replace_foreign: bool = False,
) -> None:
    """Write `content`, a `kind` file, to `path` so that readers see the old file or the new
    one, never half.

    `content` is bytes, or pieces of bytes written one after another (so a big file need not
    be one big string first). Only a new file or one of this `kind` is replaced, keeping its
    permissions and owner, unless `replace_foreign` (ForeignFileError); a device, FIFO, socket
    or folder is refused and left alone (see `write_target`). A symlink is written through:
    the file it points at gets the new content, in that file's folder.

    The bytes go to a new temporary file in the same folder as the target (a rename only
    replaces a file atomically within one file system), are flushed and fsynced to the disk,
    and only then is the temporary file renamed over the target. On any failure or
    interruption (an exception from `content` too) the temporary file is removed and the
    target is left untouched. Raises OSError when the writing fails.
    """
    target = write_target(path, kind, replace_foreign)
    remove_stale_temporaries(target)
    temporary = target.with_name(
        f".{target.name[:NAME_KEPT]}.{os.getpid()}.{os.urandom(4).hex()}{TEMPORARY_SUFFIX}"
    )
    try:
        with open(temporary, "xb") as file:  # "x": a new file, never someone else's
            for piece in [content] if isinstance(content, bytes) else content:
                file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        # Still a file we may replace? (a device, or someone's file, could have come since)
        keep_permissions(write_target(target, kind, replace_foreign), temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def keep_permissions(old: Path, new: Path) -> None:
    """Give the file `new`, about to replace `old`, the permissions (and, where we may, the
    owner) of `old`; nothing if there is no `old` yet (the new file has the usual ones)."""
    try:
        before = os.stat(old)
    except FileNotFoundError:
        return
    now = os.stat(new)
    if (now.st_uid, now.st_gid) != (before.st_uid, before.st_gid):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(new, before.st_uid, before.st_gid)
    os.chmod(new, stat.S_IMODE(before.st_mode))  # after chown, which may clear set-id bits


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of saves to `target` whose process is gone; returns them.

    Only files named as `write_atomically` names them for this very target, only regular files
    (not a link or anything else by that name), and never one whose process is alive, nor one
    of this process (another thread of ours may be saving).
    """
    prefix = f".{target.name[:NAME_KEPT]}."
    pattern = re.compile(r"(\d+)\.[0-9a-f]+" + re.escape(TEMPORARY_SUFFIX))
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        match = pattern.fullmatch(name[len(prefix) :]) if name.startswith(prefix) else None
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or process_is_alive(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def process_is_alive(pid: int) -> bool:
    """True if a process with this id runs (or may: one of another user's counts as running)."""
    if pid <= 0:
        return True  # not a process id we write; leave such a file alone
    try:
        os.kill(pid, 0)  # signal 0: sends nothing, only asks whether the process exists
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # PermissionError: another user's process
        return True
    return True


def sync_folder(folder: Path) -> None:
    """Ask the disk to keep the rename too (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Refusal:
    """Why a path may not be written, in a few words.

    foreign: only because it holds a file of something else (ForeignFileError), which a person
        may still choose to lose; a folder, device or FIFO, or a missing folder, is never.
    """

    reason: str
    foreign: bool = False


def check_writable(path: PathLike, kind: FileKind) -> Refusal | None:
    """May a `kind` file be written to `path`? None if it looks so, else the Refusal.

    The one rule for every save (the commands, the app, autosave): nothing there yet, or a file
    of this `kind` (through any symlink), in an existing folder we may write in. For checking
    before a long run, so that a mistyped folder is reported at once rather than after
    training, and before the app asks whether to replace a file; the write itself checks again
    (`write_target`), and can still fail.
    """
    foreign = None
    problem: str | None = None
    try:
        write_target(path, kind)
    except NotAFileError as error:
        return Refusal(error.reason)
    except ForeignFileError as error:
        foreign = Refusal(error.reason, foreign=True)
    except OSError as error:  # say first what is wrong with the folder, if something is
        problem = os_reason(error, writing=True)
        if error.errno == errno.ENAMETOOLONG:  # no folder to speak of: the name is the problem
            return Refusal(problem)
    folder = Path(os.path.realpath(path)).parent
    if not os.path.isdir(folder):
        return Refusal(f"there is no folder {shown_path(folder)}")
    if not os.access(folder, os.W_OK):
        return Refusal(f"the folder {shown_path(folder)} is not writable")
    return Refusal(problem) if problem is not None else foreign


def same_file(first: PathLike, second: PathLike) -> bool:
    """True if the two paths name one file (through links; or would, for files not there yet)."""
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet): compare where they lead
        return os.path.realpath(first) == os.path.realpath(second)


def os_reason(error: OSError, writing: bool = False) -> str:
    """An operating system error in a few words: 'no such file', 'permission denied'.

    When writing, a file that is not found is a folder that is not there.
    """
    if isinstance(error, NotAFileError | ForeignFileError):
        return error.reason
    if isinstance(error, FileNotFoundError):
        return "no such folder" if writing else "no such file"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or type(error).__name__).lower()
