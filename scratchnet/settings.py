"""Every setting of a run, declared once.

A setting is a field of `RunConfig` (config.py). Everything else about it is said here, once:
its command-line option and help, how typed text and saved JSON are read and checked (its kind,
see `kinds.py`), its label and choices in the app, whether it applies from the next step
(`live`) or starts the run again, and its short name in a ghost curve's label ("lr 3").

Everything that deals in settings is a loop over `SETTINGS`: the options of `scratchnet train`
and `scratchnet-tui` (`options.py`), the checks `RunConfig` makes when it is built, the command
line that repeats a run, the settings of a saved run (`runfile.py`), the app's settings panel and
command palette, and which changes reset the run. So a new setting is one entry here, one field
in `RunConfig`, and its use in the trainer.

Some settings mean something for some datasets only (`applies_to`): the grid's density for the
tutorial's grid, the number of points, noise and data seed for the Playground's datasets. That
one declaration is the rule everywhere: an option typed for a dataset that ignores it is refused
(`options.ignored_settings`), and so is such a change in the app; the app's panel and palette
leave it out. A `RunConfig` still holds a value for every setting, the default unless changed
while another dataset was chosen; for a dataset that ignores it, it is simply unused, and the
command line that repeats a run leaves it out.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scratchnet.activations import ACTIVATIONS
from scratchnet.datasets import DATASET_LABELS, DATASETS, MAX_NOISE
from scratchnet.features import FEATURES
from scratchnet.kinds import (
    BatchSize,
    Choice,
    Kind,
    Names,
    Number,
    Sizes,
    Speed,
    Whole,
    number_text,
)
from scratchnet.regularisation import RATES, REGULARISATIONS
from scratchnet.shown import json_shown

MAX_LAYERS = 16
MAX_NEURONS = 1024
MAX_DENSITY = 1000
MAX_POINTS = 1_000_000
MIN_TRAIN_RATIO = 10.0
# The datasets drawn at random, the Playground's: points, noise and the data seed make them.
DRAWN = ("xor", "gauss", "spiral")

# The learning rates that `+` and `-` climb: TensorFlow Playground's rungs, extended up to 100,
# since sigmoid with square loss learns slowly and the tutorial itself trains at 10.
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)

# The speeds that `<` and `>` climb, in steps a second; the top rung, infinity, is max. The
# default, 200, shows the tutorial's 2000 steps in about ten seconds: time to watch it learn.
SPEEDS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, math.inf)


@dataclass(frozen=True)
class Setting:
    """One setting of a run: see the module's docstring.

    name: the `RunConfig` field (and the key in a saved run's settings).
    flag, help: the command-line option, e.g. `--lr`, and what it means.
    label, unit: how the app's panel names it, e.g. "Noise" and "%".
    short: how a ghost curve's label names it, e.g. "lr".
    kind: how its values are typed, written in JSON and checked.
    live: True if a change applies from the next step; False if it starts the run again.
    choices: the values the panel lists and the palette offers (typed text); none: typed.
    ladder: for a number, the rungs `+` and `-` climb (the palette offers them too).
    learns: False for a setting of how the app shows the run, not of what it learns (the
        speed): the trainer has no such attribute, and ghost labels leave it out.
    applies_to: the datasets this setting means something for; None: every dataset.
    labels: (choice, label) pairs, for choices the app shows with more than their name.
    newer: True for a setting added after run files were first saved (the speed): a saved run
        that lacks it loads with the default. A file that lacks any other setting is refused.
    key: a Playground setting's key in the URL's hash (`learningRate`); the tutorial's
        settings have none. A Playground setting has no `flag`: its run is given by its URL.
    """

    name: str
    flag: str
    help: str
    label: str
    short: str
    kind: Kind
    live: bool = False
    choices: tuple[str, ...] = ()
    unit: str = ""
    ladder: tuple[float, ...] = ()
    learns: bool = True
    applies_to: tuple[str, ...] | None = None
    labels: tuple[tuple[str, str], ...] = ()
    newer: bool = False
    key: str = ""

    @property
    def dest(self) -> str:
        """The name argparse gives the option's value: `--reg-rate` -> `reg_rate`."""
        return self.flag.removeprefix("--").replace("-", "_")

    def parse(self, text: str) -> Any:
        """A value typed by a person, checked; ValueError with the reason, in one line."""
        return self.kind.parse(text)

    def check(self, value: Any) -> Any:
        """A value from code, checked and in its one form (tuples, floats); ValueError if bad."""
        return self.kind.check(value)

    def text(self, value: Any) -> str:
        """The value as a person types it: 10, 8,8, x,y,x2, full."""
        return self.kind.text(value)

    def to_json(self, value: Any) -> Any:
        """The value as a saved run holds it: tuples become lists, max speed (infinity) null,
        the rest is JSON already."""
        if value == math.inf:
            return None
        return list(value) if isinstance(value, tuple) else value

    def from_json(self, value: Any) -> Any:
        """A saved run's value, of the right JSON type, then checked like a typed one."""
        if not self.kind.json_ok(value):
            kind = _a(self.kind.json_kind)
            raise ValueError(f"setting {self.name} must be {kind}, got {json_shown(value)}")
        try:
            return self.check(value)
        except ValueError as error:
            raise ValueError(f"setting {self.name}: {error}") from None

    def offered(self) -> tuple[str, ...]:
        """Every value the palette offers: the choices, or the ladder's rungs."""
        return self.choices or tuple(self.text(rung) for rung in self.ladder)

    def applies(self, dataset: str) -> bool:
        """Does this setting mean anything for `dataset` (see `applies_to`)?"""
        return self.applies_to is None or dataset in self.applies_to

    def choice_label(self, text: str) -> str:
        """How the app shows a choice: "grid (the tutorial's)", or just the text."""
        return dict(self.labels).get(text, text)


def unused_by(dataset: str, settings: Iterable[Setting], flags: bool = True) -> str | None:
    """Why these settings cannot be given for `dataset`, in one line; None if they all apply.

    Named by their options (`--noise`), or by their labels in the app (`flags` False).
    """
    unused = [setting for setting in settings if not setting.applies(dataset)]
    if not unused:
        return None
    names = ", ".join(setting.flag if flags else setting.label for setting in unused)
    users = {name for setting in unused for name in setting.applies_to or ()}
    only = [name for name in DATASETS if name in users]
    pronoun = "it" if len(unused) == 1 else "them"
    users_text = " and ".join([", ".join(only[:-1]), only[-1]] if len(only) > 1 else only)
    verb = "does" if len(only) == 1 else "do"
    return f"{names}: the {dataset} dataset does not use {pronoun}; {users_text} {verb}"


def _a(kind: str) -> str:
    """'number' -> 'a number', 'names' -> 'a list of names'."""
    return f"a list of {kind}" if kind.endswith("s") else f"a {kind}"


# In TensorFlow Playground's order: the training knobs, the data, the inputs, the network;
# first, how fast to go.
SETTINGS = (
    Setting(
        "speed",
        "--speed",
        "training steps a second in the app, or max (scratchnet train always goes at max)",
        "Speed (steps/s)",
        "speed",
        Speed("speed"),
        live=True,
        ladder=SPEEDS,
        learns=False,
        newer=True,
    ),
    Setting(
        "learning_rate",
        "--lr",
        "learning rate",
        "Learning rate",
        "lr",
        Number("learning rate", 0.0, above=True),
        live=True,
        ladder=LEARNING_RATES,
    ),
    Setting(
        "activation",
        "--activation",
        "hidden neurons' activation",
        "Activation",
        "activation",
        Choice("activation", tuple(ACTIVATIONS)),
        choices=tuple(ACTIVATIONS),
    ),
    Setting(
        "regularisation",
        "--reg",
        "regularisation",
        "Regularisation",
        "reg",
        Choice("reg", tuple(REGULARISATIONS)),
        live=True,
        choices=tuple(REGULARISATIONS),
    ),
    Setting(
        "regularisation_rate",
        "--reg-rate",
        "regularisation rate",
        "Regularisation rate",
        "reg rate",
        Number("reg rate"),
        live=True,
        choices=tuple(number_text(rate) for rate in RATES),
    ),
    Setting(
        "dataset_name",
        "--dataset",
        "the points to learn (grid: the tutorial's own, not the Playground's circle)",
        "Dataset",
        "dataset",
        Choice("dataset", DATASETS),
        choices=DATASETS,
        labels=tuple(DATASET_LABELS.items()),
    ),
    Setting(
        "train_ratio",
        "--train-ratio",
        f"percent of the points to train on, {MIN_TRAIN_RATIO:g} to 100; the rest test",
        "Training data",
        "train %",
        Number("train ratio", MIN_TRAIN_RATIO, 100.0, unit="percent"),
        choices=tuple(str(p) for p in range(10, 101, 10)),
        unit="%",
    ),
    Setting(
        "noise",
        "--noise",
        f"noise of xor, gauss and spiral, in percent, 0 to {MAX_NOISE:g}",
        "Noise",
        "noise",
        Number("noise", 0.0, MAX_NOISE, unit="percent"),
        choices=tuple(str(n) for n in range(0, 51, 5)),
        unit="%",
        applies_to=DRAWN,
    ),
    Setting(
        "batch_size",
        "--batch-size",
        "points per step, or full",
        "Batch size",
        "batch",
        BatchSize("batch size"),
        live=True,
        choices=("full", "1", "10", "30"),
    ),
    Setting(
        "features",
        "--features",
        f"inputs, comma-separated, from {','.join(FEATURES)}",
        "Features",
        "features",
        Names("features", tuple(FEATURES)),
    ),
    Setting(
        "hidden",
        "--hidden",
        "hidden layer sizes, e.g. 8,8",
        "Hidden layers",
        "hidden",
        Sizes("hidden", MAX_LAYERS, MAX_NEURONS),
    ),
    Setting(
        "points",
        "--points",
        "points of xor, gauss and spiral",
        "Points",
        "points",
        Whole("points", 1, MAX_POINTS),
        choices=("100", "200", "500", "1000"),
        applies_to=DRAWN,
    ),
    Setting(
        "density",
        "--density",
        "points per side of the tutorial's grid, less one (grid only)",
        "Grid density",
        "density",
        Whole("density", 1, MAX_DENSITY),
        applies_to=("grid",),
    ),
    Setting(
        "data_seed",
        "--data-seed",
        "seed for the points of xor, gauss and spiral, and for the train/test split",
        "Data seed",
        "data seed",
        Whole("data seed"),
    ),
    Setting(
        "seed",
        "--seed",
        "seed for the initial weights",
        "Seed",
        "seed",
        Whole("seed"),
    ),
)

SETTING = {setting.name: setting for setting in SETTINGS}
# The settings a run can change between steps: the Trainer has attributes of these names.
LIVE = tuple(setting.name for setting in SETTINGS if setting.live and setting.learns)
