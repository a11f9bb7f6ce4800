"""How a message shows a value someone typed or a file held: whole when short, else its start.

Error messages echo what they refuse ("learning rate must be a number, got 'abc'"), and what
they refuse can be anything: 130,000 characters pasted into a dialog or an option, a URL, a key
in a run file. The message stays a short line all the same: a long value is cut to its first
characters, and says how long it was: `'aaaaaaaa…' (130,000 characters)`. Every message that
echoes what a user gave (settings, run files, Playground URLs, the app's dialogs, file names)
goes through `shown`.
"""

import json
import os
from collections.abc import Callable

# The most characters of a value a message shows.
SHOWN = 40
# The most characters of a path a message shows: any path a person types, whole; a longer one
# (the operating system refuses a name that long anyway) is cut like any value.
PATH_SHOWN = 256


def shown(value: object, quote: Callable[[str], str] | None = repr, limit: int = SHOWN) -> str:
    """`value` for a one-line message: text quoted ('relu', or by `quote`: json.dumps gives
    "relu"; None leaves it bare), anything else as `str` gives it (3, None, [8, 8]); and when it
    is longer than `limit` characters, only its start, and its length."""
    text = value if isinstance(value, str) else str(value)
    put = quote if isinstance(value, str) and quote is not None else _bare
    if len(text) <= limit:
        return put(text)
    return f"{put(text[:limit] + '…')} ({len(text):,} characters)"


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file's path for a message, bare as a person typed it: `shown` with a path's limit."""
    return shown(os.fspath(path), quote=None, limit=PATH_SHOWN)


def json_shown(value: object) -> str:
    """A JSON value, short, for a message: 8, "relu", null, a list of 3, an object."""
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return shown(value, json.dumps)
    return shown(json.dumps(value), quote=None)


def _bare(text: str) -> str:
    return text
