"""What a visitor may do when the app is served to strangers (`--serve`): which files.

At a terminal the app's user is the machine's user, so `w`, `o` and `e` use any path they type.
A visitor in a web browser is someone else: the server (tui/serving/start.py) starts each
visitor's app with SCRATCHNET_VISITOR_FILES set, either to "none" (no files at all, the
default) or to the one folder given with --allow-writes. Every path a visitor types goes
through `visitor_path` first; with --autosave, each visitor saves a file of their own.

Standard library only: the app imports this module at every start.
"""

import argparse
import os
import shlex
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from tui.serving.listen import ServeError

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


def visitor_files(args: argparse.Namespace) -> tuple[str, Path | None]:
    """What visitors may use: a folder (or NO_FILES), and where their autosaves go, if anywhere.

    --autosave FILE needs --allow-writes DIR: FILE is taken inside DIR like a path a visitor
    types, and each visitor saves a file of their own next to it (see `visitor_command`).
    """
    if args.allow_writes is None:
        if args.autosave is not None:
            raise ServeError(
                "--autosave with --serve needs --allow-writes DIR, where each visitor saves"
            )
        return NO_FILES, None
    folder = Path(args.allow_writes).resolve()
    if not folder.is_dir():
        raise ServeError(f"--allow-writes {args.allow_writes}: not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ServeError(f"--allow-writes {args.allow_writes}: no permission to write there")
    try:
        autosave = None if args.autosave is None else inside(folder, args.autosave)
    except FileRefused as refused:
        raise ServeError(f"--autosave {refused}") from None
    return str(folder), autosave


def visitor_command(words: Sequence[str], autosave: Path | None) -> str:
    """The shell command that starts one visitor's app: `exec`, so the app is the process.

    With `autosave`, the visitor saves to a file of their own next to it, `run.visitor-ID.json`.
    """
    argv = [sys.executable, "-m", "tui", *words]
    if autosave is not None:
        own = f"{autosave.stem}.visitor-{uuid.uuid4().hex[:12]}{autosave.suffix}"
        argv.append(f"--autosave={autosave.with_name(own)}")
    return "exec " + shlex.join(argv)
