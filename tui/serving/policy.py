"""Which files the app may open and write when it is served to strangers (`--serve`).

At a terminal the app's user is the machine's user, so `w`, `o` and `e` use any path they type.
A visitor in a web browser is someone else: the server (tui/serve.py) starts each visitor's app
with SCRATCHNET_VISITOR_FILES set, either to "none" (no files at all, the default) or to the one
folder given with --allow-writes. Every path a visitor types goes through `visitor_path` first.
"""

import os
from collections.abc import Mapping
from pathlib import Path

VISITOR_FILES = "SCRATCHNET_VISITOR_FILES"
NO_FILES = "none"


class FileRefused(ValueError):
    """A visitor may not use this path; the message is the one line that says why."""


def visitor_path(typed: str, environ: Mapping[str, str] = os.environ) -> str:
    """The path to use for `typed`, or FileRefused.

    Outside a server, the path as typed. For a visitor with a folder, the path inside that
    folder, with `..` and symbolic links followed first, so neither can lead out of it (a
    relative path starts in the folder). For a visitor without one, always refused.
    """
    setting = environ.get(VISITOR_FILES)
    if setting is None:
        return typed
    if setting == NO_FILES or not os.path.isabs(setting):
        raise FileRefused(
            "This served app does not open or write files "
            "(the server was started without --allow-writes)."
        )
    return str(inside(Path(setting), typed))


def inside(folder: Path, typed: str) -> Path:
    """`typed` taken inside `folder`, resolved; FileRefused if it leads anywhere else."""
    home = folder.resolve()
    path = (home / typed).resolve()  # an absolute `typed` replaces `home`: checked below
    if path == home or not path.is_relative_to(home):
        raise FileRefused(f"{typed}: this served app only opens and writes files in {home}")
    return path
