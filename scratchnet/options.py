"""Command-line options shared by `scratchnet train` and `scratchnet-tui`.

Both commands check their options with the same functions, so a value one of them accepts the
other accepts too, and a bad value gets the same one-line reason from both.
"""

import argparse
import math
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeVar

from scratchnet.activations import ACTIVATIONS
from scratchnet.config import RunConfig
from scratchnet.datasets import DATASETS, MAX_NOISE
from scratchnet.features import FEATURES
from scratchnet.regularisation import REGULARISATIONS

MAX_LAYERS = 16
MAX_NEURONS = 1024
MAX_DENSITY = 1000
MAX_POINTS = 1_000_000
MIN_TRAIN_RATIO = 10.0

T = TypeVar("T")

# The run options that may change between two steps of a run, by the RunConfig field (and
# Trainer attribute) each sets. The other run options make the data and the network.
LIVE_OPTIONS = {
    "--lr": "learning_rate",
    "--reg": "regularisation",
    "--reg-rate": "regularisation_rate",
    "--batch-size": "batch_size",
}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, `prog: error: reason`, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def learning_rate(text: str) -> float:
    """A learning rate: a finite number greater than zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"learning rate must be a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"learning rate must be a finite number greater than 0, got {text!r}"
        )
    return value


def parse_learning_rate(text: str) -> float:
    """The same check as `learning_rate`, raising ValueError: for dialogs, not argparse."""
    return parse_option(learning_rate, text)


def parse_option(check: Callable[[str], T], text: str) -> T:
    """Any option's check (`noise`, `batch_size`, ...) on typed text, raising ValueError.

    For dialogs, not argparse: `parse_option(reg_rate, "0.03")` gives 0.03, and a bad value
    raises ValueError with the same one-line reason the command line gives.
    """
    try:
        return check(text.strip())
    except argparse.ArgumentTypeError as error:
        raise ValueError(str(error)) from None


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a number, got {text!r}") from None


def _choice(text: str, what: str, choices: list[str]) -> str:
    name = text.strip().lower()
    if name not in choices:
        raise argparse.ArgumentTypeError(
            f"{what} must be one of {', '.join(choices)}, got {text!r}"
        )
    return name


def _integer(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None


def _seed(text: str, what: str) -> int:
    """A seed: a whole number, 0 or more (Python's Random treats -3 like 3: one name each)."""
    value = _integer(text, what)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{what} must be 0 or more, got {text!r}")
    return value


def seed(text: str) -> int:
    """A random seed for the initial weights: 0 or more."""
    return _seed(text, "seed")


def steps(text: str) -> int:
    """A number of training steps: zero or more."""
    value = _integer(text, "steps")
    if value < 0:
        raise argparse.ArgumentTypeError(f"steps must be 0 or more, got {text!r}")
    return value


def every(text: str) -> int:
    """How often to print: every Nth step, N at least 1."""
    value = _integer(text, "every")
    if value < 1:
        raise argparse.ArgumentTypeError(f"every must be 1 or more, got {text!r}")
    return value


def density(text: str) -> int:
    """The circle grid's density: 1 to MAX_DENSITY ((density + 1)² points)."""
    value = _integer(text, "density")
    if not 1 <= value <= MAX_DENSITY:
        raise argparse.ArgumentTypeError(
            f"density must be between 1 and {MAX_DENSITY}, got {text!r}"
        )
    return value


def hidden(text: str) -> list[int]:
    """Hidden layer sizes, comma-separated: `4`, `8,8`; an empty string means no hidden layer."""
    if not text.strip():
        return []
    sizes = []
    for part in text.split(","):
        try:
            size = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"hidden must be comma-separated whole numbers like 8,8, got {text!r}"
            ) from None
        if not 1 <= size <= MAX_NEURONS:
            raise argparse.ArgumentTypeError(
                f"each hidden layer needs 1 to {MAX_NEURONS} neurons, got {text!r}"
            )
        sizes.append(size)
    if len(sizes) > MAX_LAYERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_LAYERS} hidden layers, got {len(sizes)}")
    return sizes


def dataset(text: str) -> str:
    """A dataset's name: circle (the tutorial's grid), xor, gauss or spiral."""
    return _choice(text, "dataset", list(DATASETS))


def points(text: str) -> int:
    """How many points xor, gauss and spiral draw: 1 to MAX_POINTS."""
    value = _integer(text, "points")
    if not 1 <= value <= MAX_POINTS:
        raise argparse.ArgumentTypeError(f"points must be between 1 and {MAX_POINTS}, got {text!r}")
    return value


def noise(text: str) -> float:
    """The noise level in percent, 0 to 50, as on TensorFlow Playground's slider."""
    value = _number(text, "noise")
    if not 0 <= value <= MAX_NOISE:
        raise argparse.ArgumentTypeError(
            f"noise must be between 0 and {MAX_NOISE:g} (percent), got {text!r}"
        )
    return value


def data_seed(text: str) -> int:
    """The seed the points (and the train/test split) are drawn from: 0 or more."""
    return _seed(text, "data seed")


def train_ratio(text: str) -> float:
    """The percentage of points to train on, 10 to 100; the rest are the test set."""
    value = _number(text, "train ratio")
    if not MIN_TRAIN_RATIO <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"train ratio must be between {MIN_TRAIN_RATIO:g} and 100 (percent), got {text!r}"
        )
    return value


def features(text: str) -> tuple[str, ...]:
    """Input features, comma-separated, each at most once: `x,y`, `x2,y2`, `x,y,sinx`."""
    names = [part.strip().lower() for part in text.split(",")]
    if names == [""]:
        raise argparse.ArgumentTypeError(
            f"features must name at least one of {','.join(FEATURES)}, got {text!r}"
        )
    for name in names:
        if name not in FEATURES:
            raise argparse.ArgumentTypeError(
                f"features must be comma-separated names from {','.join(FEATURES)}, got {text!r}"
            )
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"each feature may be listed once, got {text!r}")
    return tuple(names)


def activation(text: str) -> str:
    """The hidden neurons' activation: sigmoid, tanh, relu or linear."""
    return _choice(text, "activation", list(ACTIVATIONS))


def regularisation(text: str) -> str:
    """The kind of regularisation: none, l1 or l2."""
    return _choice(text, "reg", list(REGULARISATIONS))


def reg_rate(text: str) -> float:
    """The regularisation rate: a finite number, 0 or more (the Playground offers 0.001 to 10)."""
    value = _number(text, "reg rate")
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"reg rate must be a finite number, 0 or more, got {text!r}"
        )
    return value


def batch_size(text: str) -> int | None:
    """Points per step: a whole number, 1 or more, or `full` (every point: None)."""
    if text.strip().lower() == "full":
        return None
    value = _integer(text, "batch size")
    if value < 1:
        raise argparse.ArgumentTypeError(f"batch size must be 1 or more (or full), got {text!r}")
    return value


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options that describe a training run, with the tutorial's values as defaults."""
    default = RunConfig()
    parser.add_argument("--lr", type=learning_rate, default=10.0, help="learning rate (10)")
    parser.add_argument("--seed", type=seed, default=0, help="seed for the initial weights (0)")
    parser.add_argument(
        "--hidden", type=hidden, default=[4], help="hidden layer sizes, e.g. 8,8 (4)"
    )
    parser.add_argument(
        "--density", type=density, default=10, help="circle dataset grid density (10)"
    )
    parser.add_argument(
        "--dataset",
        type=dataset,
        default=default.dataset_name,
        help=f"{', '.join(DATASETS)} (circle: the tutorial's grid)",
    )
    parser.add_argument(
        "--points",
        type=points,
        default=default.points,
        help=f"points of xor, gauss and spiral ({default.points})",
    )
    parser.add_argument(
        "--noise",
        type=noise,
        default=default.noise,
        help="noise of xor, gauss and spiral, in percent, 0 to 50 (0)",
    )
    parser.add_argument(
        "--data-seed",
        type=data_seed,
        default=default.data_seed,
        help="seed for the points and the train/test split (0)",
    )
    parser.add_argument(
        "--train-ratio",
        type=train_ratio,
        default=default.train_ratio,
        help="percent of the points to train on, 10 to 100; the rest test (100)",
    )
    parser.add_argument(
        "--features",
        type=features,
        default=default.features,
        help=f"inputs, comma-separated, from {','.join(FEATURES)} (x,y)",
    )
    parser.add_argument(
        "--activation",
        type=activation,
        default=default.activation,
        help=f"hidden neurons' activation: {', '.join(ACTIVATIONS)} (sigmoid)",
    )
    parser.add_argument(
        "--reg",
        type=regularisation,
        default=default.regularisation,
        help=f"regularisation: {', '.join(REGULARISATIONS)} (none)",
    )
    parser.add_argument(
        "--reg-rate",
        type=reg_rate,
        default=default.regularisation_rate,
        help=f"regularisation rate ({default.regularisation_rate:g})",
    )
    parser.add_argument(
        "--batch-size",
        type=batch_size,
        default=default.batch_size,
        help="points per step, or full (full)",
    )


def run_config(args: argparse.Namespace) -> RunConfig:
    """The run that parsed options describe (see `add_run_options`)."""
    return RunConfig(
        hidden=tuple(args.hidden),
        learning_rate=args.lr,
        seed=args.seed,
        density=args.density,
        dataset_name=args.dataset,
        points=args.points,
        noise=args.noise,
        data_seed=args.data_seed,
        train_ratio=args.train_ratio,
        features=tuple(args.features),
        activation=args.activation,
        regularisation=args.reg,
        regularisation_rate=args.reg_rate,
        batch_size=args.batch_size,
    )


def given_run_options(argv: Sequence[str]) -> list[str]:
    """The run options that the words `argv` give, such as ["--lr", "--hidden"].

    argparse fills in every default, so its answer cannot tell `--lr 10` from no --lr at all.
    So we parse again, with the run options only, starting from a namespace where each of them
    is already set to a marker: argparse leaves a value that is already there alone, so the
    options still holding the marker are the ones not typed. The other words are skipped;
    `argv` is expected to have passed the real parser already.
    """
    probe = OneLineParser(add_help=False)
    add_run_options(probe)
    names = vars(probe.parse_args([]))  # every run option's name, e.g. lr, reg_rate
    not_given = object()
    start = argparse.Namespace(**dict.fromkeys(names, not_given))
    given, _ = probe.parse_known_args(list(argv), start)
    return [
        "--" + name.replace("_", "-")
        for name, value in vars(given).items()
        if value is not not_given
    ]
