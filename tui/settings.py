"""The settings a person can change while the app runs: names, choices, and how to read them.

One table serves the controls panel, the command palette and the direct keys, so each setting is
described once. Values typed by a person are checked by the same functions as the command line
(`scratchnet.options`), so the app accepts and refuses exactly what `scratchnet train` does.
"""

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from scratchnet import options
from scratchnet.activations import ACTIVATIONS
from scratchnet.config import RunConfig, number_text
from scratchnet.datasets import DATASETS
from scratchnet.features import FEATURES, LABELS
from scratchnet.regularisation import RATES, REGULARISATIONS
from tui.learning_rates import LADDER

MAX_KEY_LAYERS = 8  # `]` adds hidden layers up to here (type more in the controls panel)
MAX_KEY_NEURONS = 32  # `.` grows the last hidden layer up to here


def setting_text(value: object) -> str:
    """A setting's value as a person writes it: 10, 8,8, x,y,x2, full."""
    if value is None:
        return "full"
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return number_text(value)
    return str(value)


@dataclass(frozen=True)
class Setting:
    """One setting: its RunConfig field, its label, how to read typed text, and some choices.

    `choices` are the values offered in a list (and in the command palette); a setting without
    choices is typed. `read` turns text into the value, raising ValueError with the reason.
    """

    field: str
    label: str
    read: Callable[[str], object]
    choices: tuple[str, ...] = ()
    unit: str = ""


def reader(check: Callable[[str], object]) -> Callable[[str], object]:
    return lambda text: options.parse_option(check, text)


def read_hidden(text: str) -> object:
    return tuple(options.parse_option(options.hidden, text))


def read_features(text: str) -> object:
    return tuple(options.parse_option(options.features, text))


# In TensorFlow Playground's order: the training knobs, the data, the inputs, the network.
SETTINGS = (
    Setting("learning_rate", "Learning rate", reader(options.learning_rate)),
    Setting("activation", "Activation", reader(options.activation), tuple(ACTIVATIONS)),
    Setting(
        "regularisation", "Regularisation", reader(options.regularisation), tuple(REGULARISATIONS)
    ),
    Setting(
        "regularisation_rate",
        "Regularisation rate",
        reader(options.reg_rate),
        tuple(number_text(rate) for rate in RATES),
    ),
    Setting("dataset_name", "Dataset", reader(options.dataset), tuple(DATASETS)),
    Setting(
        "train_ratio",
        "Training data",
        reader(options.train_ratio),
        tuple(str(p) for p in range(10, 101, 10)),
        "%",
    ),
    Setting("noise", "Noise", reader(options.noise), tuple(str(n) for n in range(0, 51, 5)), "%"),
    Setting("batch_size", "Batch size", reader(options.batch_size), ("full", "1", "10", "30")),
    Setting("features", "Features", read_features),
    Setting("hidden", "Hidden layers", read_hidden),
    Setting("points", "Points", reader(options.points), ("100", "200", "500", "1000")),
    Setting("density", "Circle grid density", reader(options.density)),
    Setting("data_seed", "Data seed", reader(options.data_seed)),
    Setting("seed", "Seed", reader(options.seed)),
)
BY_FIELD = {setting.field: setting for setting in SETTINGS}
PALETTE_LEARNING_RATES = tuple(number_text(rate) for rate in LADDER)


def command_line(config: RunConfig) -> str:
    """The command that starts this very run again: the app's answer to a shareable URL."""
    return shlex.join(["scratchnet-tui", *config.options()])


def next_in(choices: tuple[str, ...], current: str) -> str:
    """The choice after `current`, wrapping round (the first one if `current` is not a choice)."""
    if current not in choices:
        return choices[0]
    return choices[(choices.index(current) + 1) % len(choices)]


def with_layer_added(hidden: tuple[int, ...]) -> tuple[int, ...] | None:
    """One more hidden layer, as wide as the last (4 for the first); None at the key limit."""
    if len(hidden) >= MAX_KEY_LAYERS:
        return None
    return (*hidden, hidden[-1] if hidden else 4)


def with_layer_removed(hidden: tuple[int, ...]) -> tuple[int, ...] | None:
    """The last hidden layer taken away; None when there is none left."""
    return hidden[:-1] if hidden else None


def with_last_layer_resized(hidden: tuple[int, ...], change: int) -> tuple[int, ...] | None:
    """The last hidden layer one neuron wider or narrower; None at 1, at the limit, or no layer."""
    if not hidden:
        return None
    size = hidden[-1] + change
    if size < 1 or (change > 0 and size > MAX_KEY_NEURONS):
        return None
    return (*hidden[:-1], size)


def feature_label(name: str) -> str:
    return LABELS.get(name, name)


ALL_FEATURES = tuple(FEATURES)
