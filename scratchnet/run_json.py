"""JSON as a run file holds it: read trusting nothing, written readable, each value checked.

Reading (`read_json`) is strict: at most MAX_FILE_BYTES, UTF-8, no NaN or Infinity (Python's
json would read them), no number too big to be finite, no key given twice in one object (json
would quietly keep the last one). Writing (`json_pieces`, `pretty_json`) puts each entry of an
object on its own line and each list on one line, piece by piece as it is made, so that a big
run is never held whole as text; `at_most` stops it once it passes MAX_FILE_BYTES.

The `checked_*` functions take a value read from a file and return it only if it is of the
type, range and size asked for; else they raise `RunFileError` saying where in the file it was
and what it should have been. Both kinds of run file (the tutorial's, runfile.py, and the
Playground's, playground/runfile.py) are read and written through these.
"""

import json
import math
from collections.abc import Iterator
from typing import Any

from scratchnet.files import PathLike, os_reason, read_regular_file
from scratchnet.kinds import is_number, is_whole
from scratchnet.shown import json_shown, shown

# Big enough for about 12 million weights (some 22 bytes each as text); a bigger file is not one
# we wrote, and a bigger network is refused while its file is being written.
MAX_FILE_BYTES = 256 * 1024 * 1024


class RunFileError(ValueError):
    """A run (or its losses) that cannot be saved, loaded or written; the message says why.

    The message is always one line (any line breaks, say in a file name, become spaces).
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


# -- reading ---------------------------------------------------------------------------------


def read_json(path: PathLike) -> Any:
    """The JSON value in the file, read strictly (RunFileError if it is not good JSON).

    Only a regular file is read: a FIFO, device, socket or folder is refused without waiting.
    """
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)  # no further: a huge file is refused
    except OSError as error:
        raise RunFileError(os_reason(error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise RunFileError(f"it is bigger than {MAX_FILE_BYTES // 2**20} MB, too big for a run")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RunFileError("it is not text (UTF-8), so not a run file") from None
    if not text.strip():
        raise RunFileError("it is empty")
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_object_without_repeats,
        )
    except RunFileError:
        raise
    except json.JSONDecodeError as error:
        raise RunFileError(
            f"it is not valid JSON ({error.msg} at line {error.lineno} column {error.colno}); "
            "is it cut short?"
        ) from None
    except RecursionError:
        raise RunFileError("its JSON is nested too deeply") from None
    except ValueError as error:  # e.g. a whole number of thousands of digits
        raise RunFileError(f"it holds a number Python cannot read ({error})") from None


def _refuse_constant(name: str) -> float:
    """Python's json reads NaN, Infinity and -Infinity; a run file may not hold them."""
    raise RunFileError(f"it holds {name}, which is not a finite number")


def _finite_float(text: str) -> float:
    """A number with a point or an exponent; 1e999 would be infinity, so it is refused."""
    value = float(text)
    if not math.isfinite(value):
        raise RunFileError(f"it holds {shown(text, quote=None)}, too big to be a finite number")
    return value


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json would quietly keep the last one)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RunFileError(f"the key {shown(key)} appears twice in one object")
        result[key] = value
    return result


# -- writing ---------------------------------------------------------------------------------


def pretty_json(data: dict[str, Any]) -> str:
    """JSON with one entry of each object per line, and each list on a single line.

    Easy to read at a glance (every setting on its own line), yet compact, since the long
    lists of numbers (weights, losses) do not take a line per number. Refuses NaN and Infinity.
    """
    return "".join(json_pieces(data))


def json_pieces(data: dict[str, Any], indent: str = "") -> Iterator[str]:
    """`pretty_json(data)` in pieces, a neuron or a list of numbers at a time, to write as made."""
    inner = indent + "  "
    yield "{\n"
    for number, (key, value) in enumerate(data.items()):
        yield (",\n" if number else "") + f"{inner}{json.dumps(key)}: "
        if isinstance(value, dict):
            yield from json_pieces(value, inner)
        else:
            yield from _compact_pieces(value)
    yield "\n" + indent + "}" + ("" if indent else "\n")


def _compact_pieces(value: object) -> Iterator[str]:
    """json.dumps(value) in pieces: the items of a list of lists or objects one by one.

    A list's first item says which kind it is (a list of numbers is written in one piece:
    looking at each of millions of weights would take longer than writing them).
    """
    if isinstance(value, list) and value and isinstance(value[0], list | dict):
        yield "["
        for number, item in enumerate(value):
            if number:
                yield ", "
            yield from _compact_pieces(item)
        yield "]"
    elif isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield (", " if number else "") + f"{json.dumps(key)}: "
            yield from _compact_pieces(item)
        yield "}"
    else:
        yield _compact(value)


def at_most(pieces: Iterator[str]) -> Iterator[bytes]:
    """The pieces as bytes, or RunFileError once they add up to more than MAX_FILE_BYTES."""
    total = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        total += len(data)
        if total > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 2**20
            raise RunFileError(f"the run would take more than a run file's {limit} MB")
        yield data


def _compact(value: object) -> str:
    try:
        return json.dumps(value, allow_nan=False)
    except ValueError:
        raise RunFileError("the run holds numbers that are not finite (NaN or infinity)") from None


# -- checking values --------------------------------------------------------------------------


def checked_object(
    value: Any, where: str, keys: tuple[str, ...] | list[str], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """An object with exactly these keys (and perhaps the `optional` ones): a missing one or a
    stranger is refused."""
    if not isinstance(value, dict):
        raise RunFileError(f"{where} must be a JSON object, got {json_shown(value)}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise RunFileError(f"{where} lacks {', '.join(missing)}")
    unknown = [key for key in value if key not in keys and key not in optional]
    if unknown:
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        raise RunFileError(f"{where} has unknown {', '.join(map(shown, unknown[:3]))}{more}")
    return value


def checked_list(value: Any, where: str, count: int, what: str) -> list[Any]:
    """A list of exactly `count` items, as the settings require."""
    if not isinstance(value, list):
        raise RunFileError(f"{where} must be a list, got {json_shown(value)}")
    if len(value) != count:
        raise RunFileError(f"{where} must have {count} {what}, the file has {len(value)}")
    return value


def checked_numbers(value: Any, where: str, count: int, why: str = "") -> list[float]:
    """A list of exactly `count` finite numbers, as floats; `why` that many, for the message."""
    items = checked_list(value, where, count, f"numbers ({why})" if why else "numbers")
    if not all(map(is_number, items)):
        raise RunFileError(f"{where} must hold numbers only")
    try:
        return [float(item) for item in items]
    except OverflowError:  # a whole number too big for a float
        raise RunFileError(f"{where} holds a number too big to be a float") from None


def checked_number(value: Any, where: str) -> float:
    if not is_number(value):
        raise RunFileError(f"{where} must be a number, got {json_shown(value)}")
    return checked_numbers([value], where, 1)[0]


def checked_whole(value: Any, where: str, low: int, high: int | None = None) -> int:
    """A whole number from `low` to `high` (no upper limit when None)."""
    if not is_whole(value):
        raise RunFileError(f"{where} must be a whole number, got {json_shown(value)}")
    if value < low or (high is not None and value > high):
        limits = f"{low} or more" if high is None else f"from {low} to {high}"
        raise RunFileError(f"{where} must be {limits}, got {shown(value)}")
    return int(value)
