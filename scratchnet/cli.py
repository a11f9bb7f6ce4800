"""`scratchnet train`: the tutorial's training run, headless, printing the loss as it goes."""

import argparse
import sys

from scratchnet import options
from scratchnet.trainer import Trainer


def build_parser() -> argparse.ArgumentParser:
    parser = options.OneLineParser(
        prog="scratchnet", description="A neural network from scratch, in plain Python."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train the network and print the loss",
        description=(
            "Train the tutorial's network and print 'step loss' lines, or "
            "'step train_loss test_loss' lines when --train-ratio holds points out for testing."
        ),
    )
    # Subparsers are built by the parent's class, so their errors are one line too.
    options.add_run_options(train)
    train.add_argument("--steps", type=options.steps, default=2000, help="steps to run (2000)")
    train.add_argument(
        "--every", type=options.every, default=100, help="print every Nth step, and step 1 (100)"
    )
    return parser


def train(args: argparse.Namespace) -> int:
    """Run the training and print `step loss` at step 1 and every `--every` steps.

    With a test set the lines are `step train_loss test_loss`. Both losses are measured before
    the step's update; with mini-batches the train loss is that step's batch's.
    """
    trainer: Trainer = options.run_config(args).trainer()
    for step in range(1, args.steps + 1):
        loss = trainer.step()
        if trainer.diverged:
            print(
                f"scratchnet train: diverged at step {step}: the loss or the weights stopped "
                f"being finite numbers; try a smaller --lr than {args.lr:g}{_or_reg_rate(args)}",
                file=sys.stderr,
            )
            return 1
        if step == 1 or step % args.every == 0:
            test_loss = trainer.test_loss
            if test_loss is None:
                print(f"{step} {loss:.4f}")
            else:
                print(f"{step} {loss:.4f} {test_loss:.4f}")
    return 0


def _or_reg_rate(args: argparse.Namespace) -> str:
    """With regularisation on, a big --reg-rate can be the cause too (see regularisation.py)."""
    if args.reg == "none":
        return ""
    return f" or a smaller --reg-rate than {args.reg_rate:g}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            return train(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`scratchnet train | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    return 2
