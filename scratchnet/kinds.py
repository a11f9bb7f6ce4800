"""Kinds of setting values: how each is typed, written in JSON, and checked.

A setting (see `settings.py`) is a number, a whole number, a name from a list, a list of layer
sizes, a list of feature names, a batch size, or a speed. Each kind knows three things:

- `parse(text)`: the value a person typed, on the command line or in the app;
- `check(value)`: a Python value, from code, a saved run or a parsed text, is it allowed? It
  returns the value in its one true form (a tuple, a float) or raises ValueError;
- `json_ok(value)`: is a JSON value of the right type (before its range is checked)?

Every refusal is a ValueError whose message is one line saying why, with the setting's name as
a person says it ("learning rate must be a finite number greater than 0, got -1").
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from scratchnet.shown import shown


def number_text(value: float) -> str:
    """A number as short as it can be written and still read back exactly: 10, 0.003, 1e-05."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def is_whole(value: object) -> bool:
    """A whole number (True and False are ints to Python, but not numbers to us)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float(value: object, what: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{what} must be a number, got {shown(value)}") from None


T = TypeVar("T", int, float)

# A list of more values than this is said by its ends in a message: "1 to 30".
LONGEST_LISTING = 12


def typed(text: str, convert: Callable[[str], T], must: str) -> T:
    """Typed text as a number (`convert`: int or float); else ValueError "`must`, got 'text'"."""
    try:
        return convert(text.strip())
    except ValueError:
        raise ValueError(f"{must}, got {shown(text)}") from None


@dataclass(frozen=True)
class Number:
    """A finite number from `low` to `high`; above `low` only, when `above` is true."""

    what: str
    low: float = 0.0
    high: float = math.inf
    above: bool = False
    unit: str = ""  # said after the range: "(percent)"
    json_kind: str = "number"

    def parse(self, text: str) -> float:
        value = typed(text, float, f"{self.what} must be a number")
        return self._in_range(value, shown(text))

    def check(self, value: Any) -> float:
        if not is_number(value):
            raise ValueError(f"{self.what} must be a number, got {shown(value)}")
        return self._in_range(_float(value, self.what), number_text(float(value)))

    def json_ok(self, value: Any) -> bool:
        return is_number(value)

    def text(self, value: Any) -> str:
        return number_text(value)

    def _in_range(self, value: float, given: str) -> float:
        too_low = value <= self.low if self.above else value < self.low
        if not math.isfinite(value) or too_low or value > self.high:
            raise ValueError(f"{self.what} must be {self._range()}, got {given}")
        return value

    def _range(self) -> str:
        unit = f" ({self.unit})" if self.unit else ""
        if self.high != math.inf:
            return f"between {self.low:g} and {self.high:g}{unit}"
        if self.above:
            return f"a finite number greater than {self.low:g}"
        return f"a finite number, {self.low:g} or more"


@dataclass(frozen=True)
class Whole:
    """A whole number from `low` to `high` (no upper limit when None)."""

    what: str
    low: int = 0
    high: int | None = None
    json_kind: str = "whole number"

    def parse(self, text: str) -> int:
        value = typed(text, int, f"{self.what} must be a whole number")
        return self._in_range(value, shown(text))

    def check(self, value: Any) -> int:
        if not is_whole(value):
            raise ValueError(f"{self.what} must be a whole number, got {shown(value)}")
        return self._in_range(value, shown(value))

    def json_ok(self, value: Any) -> bool:
        return is_whole(value)

    def text(self, value: Any) -> str:
        return str(value)

    def _in_range(self, value: int, given: str) -> int:
        if self.high is None and value < self.low:
            raise ValueError(f"{self.what} must be {self.low} or more, got {given}")
        if self.high is not None and not self.low <= value <= self.high:
            raise ValueError(f"{self.what} must be between {self.low} and {self.high}, got {given}")
        return value


@dataclass(frozen=True)
class Choice:
    """One name from a list (typed in any case)."""

    what: str
    names: tuple[str, ...]
    json_kind: str = "name"

    def parse(self, text: str) -> str:
        """The name typed, in any case, as the list spells it: `l1` is the Playground's `L1`."""
        typed = text.strip().lower()
        spelled = next((name for name in self.names if name.lower() == typed), typed)
        return self._named(spelled, shown(text))

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{self.what} must be a name, got {shown(value)}")
        return self._named(value, shown(value))

    def json_ok(self, value: Any) -> bool:
        return isinstance(value, str)

    def text(self, value: Any) -> str:
        return str(value)

    def _named(self, name: str, given: str) -> str:
        if name not in self.names:
            raise ValueError(f"{self.what} must be one of {', '.join(self.names)}, got {given}")
        return name


@dataclass(frozen=True)
class Sizes:
    """Hidden layer sizes: `8,8` typed, [8, 8] in JSON, (8, 8) in Python; empty for none."""

    what: str
    most_layers: int
    most_neurons: int
    json_kind: str = "whole numbers"

    def parse(self, text: str) -> tuple[int, ...]:
        if not text.strip():
            return ()
        try:
            sizes = tuple(int(part) for part in text.split(","))
        except ValueError:
            raise ValueError(
                f"{self.what} must be comma-separated whole numbers like 8,8, got {shown(text)}"
            ) from None
        return self._fit(sizes, shown(text))

    def check(self, value: Any) -> tuple[int, ...]:
        if not self.json_ok(value):
            raise ValueError(f"{self.what} must be whole numbers like (8, 8), got {shown(value)}")
        return self._fit(tuple(value), shown(",".join(map(str, value)), quote=None))

    def json_ok(self, value: Any) -> bool:
        return isinstance(value, list | tuple) and all(map(is_whole, value))

    def text(self, value: Any) -> str:
        return ",".join(map(str, value))

    def _fit(self, sizes: tuple[int, ...], given: str) -> tuple[int, ...]:
        if not all(1 <= size <= self.most_neurons for size in sizes):
            raise ValueError(
                f"each hidden layer needs 1 to {self.most_neurons} neurons, got {given}"
            )
        if len(sizes) > self.most_layers:
            raise ValueError(f"at most {self.most_layers} hidden layers, got {len(sizes)}")
        return sizes


@dataclass(frozen=True)
class Names:
    """A few names from a list, each at most once, at least `fewest` of them.

    In the order given, or with `in_order`, in the list's own order whatever the order given:
    the tutorial's features are the network's inputs in the order typed; the Playground's are
    always in its order, and it may have none.
    """

    what: str
    names: tuple[str, ...]
    json_kind: str = "names"
    fewest: int = 1
    in_order: bool = False

    def parse(self, text: str) -> tuple[str, ...]:
        if not text.strip() and not self.fewest:
            return ()
        return self._fit([part.strip().lower() for part in text.split(",")], shown(text))

    def check(self, value: Any) -> tuple[str, ...]:
        if not self.json_ok(value):
            raise ValueError(f"{self.what} must be names like ('x', 'y'), got {shown(value)}")
        return self._fit(list(value), shown(",".join(value), quote=None))

    def json_ok(self, value: Any) -> bool:
        names_only = all(isinstance(item, str) and "," not in item for item in value)
        return isinstance(value, list | tuple) and names_only

    def text(self, value: Any) -> str:
        return ",".join(value)

    def _fit(self, names: Sequence[str], given: str) -> tuple[str, ...]:
        listed = ",".join(self.names)
        if len(names) < self.fewest or list(names) == [""]:
            raise ValueError(f"{self.what} must name at least one of {listed}, got {given}")
        if any(name not in self.names for name in names):
            raise ValueError(
                f"{self.what} must be comma-separated names from {listed}, got {given}"
            )
        if len(set(names)) != len(names):
            raise ValueError(f"each feature may be listed once, got {given}")
        if self.in_order:
            return tuple(name for name in self.names if name in names)
        return tuple(names)


@dataclass(frozen=True)
class BatchSize:
    """Points per step: a whole number, 1 or more, or `full` (every point: None)."""

    what: str
    json_kind: str = "whole number or null"

    def parse(self, text: str) -> int | None:
        if text.strip().lower() == "full":
            return None
        value = typed(text, int, f"{self.what} must be a whole number")
        return self._fit(value, shown(text))

    def check(self, value: Any) -> int | None:
        if value is None:
            return None
        if not is_whole(value):
            raise ValueError(f"{self.what} must be a whole number or full, got {shown(value)}")
        return self._fit(value, str(value))

    def json_ok(self, value: Any) -> bool:
        return value is None or is_whole(value)

    def text(self, value: Any) -> str:
        return "full" if value is None else str(value)

    def _fit(self, value: int, given: str) -> int:
        if value < 1:
            raise ValueError(f"{self.what} must be 1 or more (or full), got {given}")
        return value


@dataclass(frozen=True)
class OneOf:
    """A number from a fixed list, as on a Playground control: its learning rates, its noise."""

    what: str
    values: tuple[float, ...]
    json_kind: str = "number"

    def parse(self, text: str) -> float:
        value = typed(text, float, f"{self.what} must be a number")
        return self._listed(value, shown(text))

    def check(self, value: Any) -> float:
        if not is_number(value):
            raise ValueError(f"{self.what} must be a number, got {shown(value)}")
        return self._listed(value, shown(value))

    def json_ok(self, value: Any) -> bool:
        return is_number(value)

    def text(self, value: Any) -> str:
        return number_text(value)

    def _listed(self, value: float, given: str) -> float:
        for listed in self.values:
            if listed == value:
                return listed  # the list's own number: 10, not 10.0, where it lists 10
        listing = ", ".join(number_text(v) for v in self.values)
        if len(self.values) > LONGEST_LISTING:  # the batch sizes: 1 to 30
            listing = f"{number_text(self.values[0])} to {number_text(self.values[-1])}"
        raise ValueError(f"{self.what} must be one of {listing}, got {given}")


@dataclass(frozen=True)
class Text:
    """A word without the characters that would break a URL's hash: a Playground seed.

    No spaces either: a browser writes a space in an address as %20, so `seed=a b` would not
    be the run it opens.
    """

    what: str
    json_kind: str = "name"

    def parse(self, text: str) -> str:
        return self.check(text.strip())

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value or any(c in "&=#" or c.isspace() for c in value):
            raise ValueError(
                f"{self.what} must be a word without & = # or spaces, got {shown(value)}"
            )
        return value

    def json_ok(self, value: Any) -> bool:
        return isinstance(value, str)

    def text(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Speed:
    """Steps a second: a number above 0 up to `high`, or `max` (as fast as it goes: infinity).

    A saved run writes max as null, since JSON has no infinity.
    """

    what: str
    high: float = 1_000_000.0
    json_kind: str = "number or null"

    def parse(self, text: str) -> float:
        if text.strip().lower() == "max":
            return math.inf
        value = typed(text, float, f"{self.what} must be a number or max")
        return self._fit(value, shown(text))

    def check(self, value: Any) -> float:
        if value is None or value == math.inf:
            return math.inf
        if not is_number(value):
            raise ValueError(f"{self.what} must be a number or max, got {shown(value)}")
        return self._fit(float(value), number_text(float(value)))

    def json_ok(self, value: Any) -> bool:
        return value is None or is_number(value)

    def text(self, value: Any) -> str:
        return "max" if value == math.inf else number_text(value)

    def _fit(self, value: float, given: str) -> float:
        if not (math.isfinite(value) and 0 < value <= self.high):
            raise ValueError(
                f"{self.what} must be greater than 0 and at most {self.high:g}, or max, got {given}"
            )
        return value


Kind = Number | Whole | Choice | Sizes | Names | BatchSize | Speed | OneOf | Text
