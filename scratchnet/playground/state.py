"""A Playground URL and the settings it holds: TensorFlow Playground's src/state.ts, in Python.

Everything about a Playground run is in its URL's hash, e.g.
`#activation=tanh&batchSize=10&dataset=xor&...&seed=0.80007&...`. `PlaygroundState.from_url`
reads one (a whole URL, or just the part from `#`) into a frozen `PlaygroundState`, filling a
missing key with the Playground's default, as `State.deserializeState` does; `to_hash()` and
`url()` write it back as `State.serialize` does, so a run in the terminal can be opened in a
browser, and the other way round.

Where we are stricter than the Playground: it silently ignores a value it does not know
(`activation=tahn` gives tanh); we refuse any value its own controls could not have produced,
with one line naming the key, and any key it does not know. Keys that do not change the
arithmetic (`showTestData`, `discretize`, `cosX`, `cosY`, `collectStats`, `tutorial`,
`hideText` and the `..._hide` keys of the classroom mode) are accepted and kept, so that
`to_hash()` gives them back. One `_hide` key does matter: a feature whose control is hidden
(`sinX_hide=true`) is not an input of the network, as in the Playground.

The seed: when the URL has none, the Playground makes a random one, `Math.random().toFixed(5)`.
So do we (`new_seed()`), so "no URL" is a new run every time, as in a browser; the seed is then
in `to_hash()`, so the run can always be repeated.
"""

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from scratchnet.playground.controls import (
    BATCH_SIZES,
    DATASETS,
    FEATURE_KEYS,
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    NEW_DATA_FIELDS,
    NEW_LAYER_NEURONS,
    REG_DATASETS,
    REGULARIZATION_RATES,
)
from scratchnet.playground.settings import PLAYGROUND_SETTINGS
from scratchnet.shown import shown

# Also the controls' lists most users of a state want, so they can be imported from here.
__all__ = [
    "BATCH_SIZES",
    "DATASETS",
    "FEATURE_KEYS",
    "HIDE_SUFFIX",
    "KEYS",
    "LEARNING_RATES",
    "MAX_HIDDEN_LAYERS",
    "MAX_NEURONS",
    "NEW_DATA_FIELDS",
    "NEW_LAYER_NEURONS",
    "PLAYGROUND_ADDRESS",
    "REGULARIZATION_RATES",
    "REG_DATASETS",
    "PlaygroundState",
    "has_seed",
    "new_seed",
]

# The keys of the hash, in the order the Playground writes them (as playground.tensorflow.org
# writes its URLs), each with the name of the PlaygroundState field that holds it.
KEYS = {
    "activation": "activation",
    "batchSize": "batch_size",
    "dataset": "dataset",
    "regDataset": "reg_dataset",
    "learningRate": "learning_rate",
    "regularization": "regularization",
    "regularizationRate": "regularization_rate",
    "noise": "noise",
    "networkShape": "network_shape",
    "seed": "seed",
    "showTestData": "show_test_data",
    "discretize": "discretize",
    "percTrainData": "perc_train_data",
    "x": "",
    "y": "",
    "xTimesY": "",
    "xSquared": "",
    "ySquared": "",
    "cosX": "cos_x",
    "sinX": "",
    "cosY": "cos_y",
    "sinY": "",
    "collectStats": "collect_stats",
    "tutorial": "tutorial",
    "problem": "problem",
    "initZero": "init_zero",
    "hideText": "hide_text",
}  # "" marks a feature key: those live together in `features`
HIDE_SUFFIX = "_hide"

PLAYGROUND_ADDRESS = "https://playground.tensorflow.org/"


def new_seed(rng: random.Random | None = None) -> str:
    """A fresh seed the way the Playground makes one: `Math.random().toFixed(5)`."""
    return f"{(rng or random).random():.5f}"


@dataclass(frozen=True)
class PlaygroundState:
    """Every setting of a Playground URL, with the Playground's defaults.

    `features` are the enabled inputs by scratchnet's names, in the Playground's order; `hidden`
    holds the classroom mode's `name_hide` keys as (name, value) pairs, in URL order.
    """

    seed: str
    activation: str = "tanh"
    regularization: str = "none"
    batch_size: int = 10
    dataset: str = "circle"
    reg_dataset: str = "reg-plane"
    learning_rate: float = 0.03
    regularization_rate: float = 0.0
    noise: int = 0
    network_shape: tuple[int, ...] = (4, 2)
    features: tuple[str, ...] = ("x", "y")
    perc_train_data: int = 50
    problem: str = "classification"
    init_zero: bool = False
    # Accepted and kept for the URL; they do not change the arithmetic.
    show_test_data: bool = False
    discretize: bool = False
    cos_x: bool = False
    cos_y: bool = False
    collect_stats: bool = False
    tutorial: str | None = None
    hide_text: bool = False
    hidden: tuple[tuple[str, bool], ...] = field(default=())

    def __post_init__(self) -> None:
        """Check every setting against the Playground's table (`settings.py`), as a RunConfig
        checks itself against SETTINGS: one rule per setting, wherever the value comes from.

        Values are put in their one form too ((4, 2) for [4, 2], features in the Playground's
        order). A bad value raises ValueError, one line starting with its URL key.
        """
        for setting in PLAYGROUND_SETTINGS:
            value = getattr(self, setting.name)
            try:
                checked = setting.check(value)
            except ValueError as error:  # "batch size must be one of 1 to 30, got 31"
                reason = str(error).removeprefix(f"{setting.kind.what} must be ")
                raise ValueError(f"{setting.key}: {reason}") from None
            if checked is not value:
                object.__setattr__(self, setting.name, checked)
        for key, name in KEYS.items():  # the flags kept for the URL: true or false
            flag = name and isinstance(self._default(name), bool)
            if flag and not isinstance(getattr(self, name), bool):
                raise ValueError(f"{key}: true or false, got {shown(getattr(self, name))}")

    @classmethod
    def from_url(cls, text: str, *, rng: random.Random | None = None) -> "PlaygroundState":
        """The settings of a Playground URL, or of its hash (with or without the `#`).

        Raises ValueError, one line naming the key, for a key or value the Playground could not
        have produced. `rng` makes the seed when the URL has none (see `new_seed`).
        """
        values = _split_hash(text)
        unknown = [key for key in values if key not in KEYS and not key.endswith(HIDE_SUFFIX)]
        if unknown:
            raise ValueError(
                f"{shown(unknown[0], quote=None)}: not a TensorFlow Playground setting"
            )
        fields: dict[str, object] = {}
        for key, name in KEYS.items():
            if name and _has_value(values, key):
                fields[name] = _parse_value(key, values[key], cls._default(name))
        if "networkShape" in values:  # an empty networkShape means no hidden layer
            fields["network_shape"] = _parse_shape(values["networkShape"])
        fields["features"] = tuple(
            name
            for key, name in FEATURE_KEYS.items()
            if (
                _parse_bool(key, values[key])
                if _has_value(values, key)
                else key in ("x", "y")  # the Playground starts with x and y on
            )
        )
        fields["hidden"] = tuple(
            (key[: -len(HIDE_SUFFIX)], _parse_bool(key, value))
            for key, value in values.items()
            if key.endswith(HIDE_SUFFIX)
        )
        if "seed" not in fields:
            fields["seed"] = new_seed(rng)
        return cls(**fields)  # type: ignore[arg-type]

    @classmethod
    def _default(cls, name: str) -> object:
        default = cls.__dataclass_fields__[name].default
        return "" if name == "seed" else default

    def inputs(self) -> tuple[str, ...]:
        """The network's inputs: the enabled features, less any whose control is hidden."""
        hidden = {name for name, is_hidden in self.hidden if is_hidden}
        keys = {name: key for key, name in FEATURE_KEYS.items()}
        return tuple(name for name in self.features if keys[name] not in hidden)

    def to_hash(self) -> str:
        """The URL hash, `#` included, as the Playground's `State.serialize` writes it.

        Like the Playground, it leaves out settings that have no value: no regularization
        (`none`) and no tutorial.
        """
        parts: list[str] = []
        feature_names = {key: name for key, name in FEATURE_KEYS.items()}
        for key, name in KEYS.items():
            if key in feature_names:
                value: object = feature_names[key] in self.features
            else:
                value = getattr(self, name)
            if value is None or (key == "regularization" and value == "none"):
                continue
            parts.append(f"{key}={_js_text(value)}")
        for name, is_hidden in self.hidden:
            parts.append(f"{name}{HIDE_SUFFIX}={_js_text(is_hidden)}")
        return "#" + "&".join(parts)

    def url(self) -> str:
        """The whole address: opens this very run at playground.tensorflow.org."""
        return PLAYGROUND_ADDRESS + self.to_hash()

    def with_changes(self, **changes: object) -> "PlaygroundState":
        """A copy with some fields changed, checked like a new state."""
        return replace(self, **changes)  # type: ignore[arg-type]


def has_seed(text: str) -> bool:
    """Does the URL (or its hash) name a seed? Without one, `from_url` makes a new one."""
    return _has_value(_split_hash(text), "seed")


def _split_hash(text: str) -> dict[str, str]:
    """The key=value pairs after the `#` (all of `text` if it has none); a later key wins."""
    text = text.strip()
    hash_part = text.split("#", 1)[1] if "#" in text else text
    values: dict[str, str] = {}
    for pair in hash_part.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        values[key] = value
    return values


def _has_value(values: dict[str, str], key: str) -> bool:
    """state.ts's hasKey: present and not blank (a blank value means "use the default")."""
    return key in values and values[key].strip() != ""


def _parse_value(key: str, text: str, default: object) -> object:
    """One value, read as the type of its default."""
    if isinstance(default, bool):
        return _parse_bool(key, text)
    if isinstance(default, int):
        number = _parse_number(key, text)
        if not number.is_integer():
            raise ValueError(f"{key}: a whole number, got {shown(text)}")
        return int(number)
    if isinstance(default, float):
        return _parse_number(key, text)
    return text


def _parse_number(key: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{key}: a number, got {shown(text)}") from None


def _parse_bool(key: str, text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"{shown(key, quote=None)}: true or false, got {shown(text)}")
    return text == "true"


def _parse_shape(text: str) -> tuple[int, ...]:
    if text.strip() == "":
        return ()
    try:
        return tuple(int(size) for size in text.split(","))
    except ValueError:
        raise ValueError(
            f"networkShape: neuron counts separated by commas, got {shown(text)}"
        ) from None


def _js_text(value: object) -> str:
    """A value as JavaScript writes it in a template string: 0.00001, 10, true, 4,2."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # 1e-05 is 0.00001 in JavaScript
    if isinstance(value, tuple):
        return ",".join(_js_text(item) for item in value)
    return str(value)
