"""Command-line options shared by `scratchnet train` and `scratchnet-tui`.

Both commands check their options with the same functions, so a value one of them accepts the
other accepts too, and a bad value gets the same one-line reason from both.
"""

import argparse
import math
from typing import NoReturn

from scratchnet.config import RunConfig

MAX_LAYERS = 16
MAX_NEURONS = 1024
MAX_DENSITY = 1000


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
    try:
        return learning_rate(text.strip())
    except argparse.ArgumentTypeError as error:
        raise ValueError(str(error)) from None


def _integer(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None


def seed(text: str) -> int:
    """A random seed: any whole number."""
    return _integer(text, "seed")


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


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options that describe a training run, with the tutorial's values as defaults."""
    parser.add_argument("--lr", type=learning_rate, default=10.0, help="learning rate (10)")
    parser.add_argument("--seed", type=seed, default=0, help="seed for the initial weights (0)")
    parser.add_argument(
        "--hidden", type=hidden, default=[4], help="hidden layer sizes, e.g. 8,8 (4)"
    )
    parser.add_argument(
        "--density", type=density, default=10, help="circle dataset grid density (10)"
    )


def run_config(args: argparse.Namespace) -> RunConfig:
    """The run that parsed options describe (see `add_run_options`)."""
    return RunConfig(
        hidden=tuple(args.hidden), learning_rate=args.lr, seed=args.seed, density=args.density
    )
