"""The SSH server's host key: made on the first start, kept, and the same ever after.

An SSH client remembers the key of each server it has met, and warns loudly when it changes;
a classroom server that made a new key at every start would teach students to ignore that
warning. So the key is kept in the user's data folder ($XDG_DATA_HOME/scratchnet, else
~/.local/share/scratchnet), readable by its owner only, and its fingerprint is printed at
start for the teacher to show: what students compare on their first connection.
"""

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import asyncssh

from tui.serving.listen import ServeError

KEY_NAME = "ssh_host_ed25519_key"
KEY_TYPE = "ssh-ed25519"


def data_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """scratchnet's folder in the user's data folder: $XDG_DATA_HOME when it is an absolute
    path (the XDG rule: a relative one is ignored), else ~/.local/share."""
    base = environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        base = str(Path(environ.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "scratchnet"


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The host key kept in `folder`, made there first if there is none; ServeError (one
    line) if it cannot be read or kept."""
    path = folder / KEY_NAME
    try:
        return read_key(path)
    except FileNotFoundError:
        pass
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        made = asyncssh.generate_private_key(KEY_TYPE, comment="scratchnet-tui --ssh")
        keep(path, made.export_private_key())
    except FileExistsError:  # another server started at the same moment and kept its own
        pass
    except OSError as error:
        raise ServeError(f"cannot keep the SSH host key in {folder}: {error.strerror}") from None
    return read_key(path)


def read_key(path: Path) -> asyncssh.SSHKey:
    """The key in `path`, which must be a file of the user's own that no one else can read
    (as sshd asks of its keys); FileNotFoundError if there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise ServeError(f"cannot read the SSH host key {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        found = os.fstat(file.fileno())
        if not stat.S_ISREG(found.st_mode) or found.st_uid != os.getuid():
            raise ServeError(f"the SSH host key {path} is not a file of yours")
        if found.st_mode & 0o077:
            raise ServeError(
                f"the SSH host key {path} can be read by others "
                f"(mode {stat.S_IMODE(found.st_mode):o}): chmod 600 it"
            )
        data = file.read()
    try:
        return asyncssh.import_private_key(data)
    except (asyncssh.KeyImportError, ValueError):
        raise ServeError(
            f"the SSH host key {path} is not a private key: move it away to make a new one "
            "(students will see a changed-key warning)"
        ) from None


def keep(path: Path, data: bytes) -> None:
    """Write the new key where it is kept, readable by its owner only, whole or not at all:
    written beside it first, then linked in place (FileExistsError if a key is there)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.link(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def fingerprint(key: asyncssh.SSHKey) -> str:
    """What `ssh` shows on a first connection: `ED25519 key fingerprint is SHA256:...`."""
    return key.get_fingerprint("sha256")
