"""`scratchnet train`: the tutorial's training run, headless, printing the loss as it goes.

With no options it prints exactly the tutorial's 21 lines. Files:

- `--save FILE` saves the run when the training is done (see `runfile.py`), atomically. A run
  that diverged is not saved: its weights are not numbers to go on from.
- `--load FILE` goes on from a saved run, for `--steps` more steps, printing the true step
  numbers: 1000 steps saved and 1000 more loaded print what 2000 steps in one go print. The
  settings come from the file. Options that make the data or the network (--hidden, --seed,
  --dataset, ...) are refused with --load; the ones a run can change between steps (--lr,
  --reg, --reg-rate, --batch-size) apply from the first step after loading, and are saved so.
- `--csv FILE` writes every step's losses when the training is done, also after a divergence.

Exit status: 0 done; 1 something went wrong during the run (it diverged, or a file could not
be written at the end); 2 the command line was refused before any training (a bad option, a
file to load that is missing or not a good run, a folder to save in that does not exist);
130 interrupted with Ctrl-C (nothing is saved). Every error is one line on stderr.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from scratchnet import options
from scratchnet.config import RunConfig
from scratchnet.export import export_csv
from scratchnet.runfile import RunFileError, check_writable, load_run, save_run
from scratchnet.trainer import Trainer

PROG = "scratchnet train"


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
    train.add_argument(
        "--steps",
        type=options.steps,
        default=2000,
        help="steps to run (2000); with --load, steps more",
    )
    train.add_argument(
        "--every", type=options.every, default=100, help="print every Nth step, and step 1 (100)"
    )
    train.add_argument(
        "--load",
        metavar="FILE",
        help="go on from the run saved in FILE, with its settings; only --lr, --reg, "
        "--reg-rate and --batch-size may change them",
    )
    train.add_argument(
        "--save", metavar="FILE", help="save the run to FILE at the end (not if it diverged)"
    )
    train.add_argument(
        "--csv", metavar="FILE", help="write every step's losses to FILE at the end, as CSV"
    )
    return parser


def train(args: argparse.Namespace, given: Sequence[str] = ()) -> int:
    """Run the training and print `step loss` at step 1 and every `--every` steps.

    With a test set the lines are `step train_loss test_loss`. Both losses are measured before
    the step's update; with mini-batches the train loss is that step's batch's. `given` is the
    run options typed on the command line (see `options.given_run_options`): with --load, they
    say which settings to change. Returns the exit status (see the module's docstring).
    """
    try:
        _check_outputs(args)
        config, trainer = start_run(args, given)
    except RunFileError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    for step in range(trainer.steps + 1, trainer.steps + args.steps + 1):
        loss = trainer.step()
        if trainer.diverged:
            return _diverged(args, trainer, step)
        if step == 1 or step % args.every == 0:
            test_loss = trainer.test_loss
            if test_loss is None:
                _show(f"{step} {loss:.4f}", args)
            else:
                _show(f"{step} {loss:.4f} {test_loss:.4f}", args)
    return _write_files(args, config, trainer)


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse at once, not after the training, files that cannot be written where asked."""
    for path in (args.save, args.csv):
        if path is not None:
            check_writable(path)
    both = args.save is not None and args.csv is not None
    if both and os.path.abspath(args.save) == os.path.abspath(args.csv):
        raise RunFileError(f"--save and --csv both name {args.save}")


def start_run(args: argparse.Namespace, given: Sequence[str]) -> tuple[RunConfig, Trainer]:
    """A new run from the options, or the saved run of --load with the live options applied."""
    if args.load is None:
        config = options.run_config(args)
        return config, config.trainer()
    fixed = [option for option in given if option not in options.LIVE_OPTIONS]
    if fixed:
        raise RunFileError(
            f"--load takes the settings from {args.load}, so {', '.join(fixed)} cannot change "
            f"them; only {', '.join(options.LIVE_OPTIONS)} can"
        )
    config, trainer = load_run(args.load)
    typed = options.run_config(args)
    changes = {
        field: getattr(typed, field)
        for option, field in options.LIVE_OPTIONS.items()
        if option in given
    }
    for field, value in changes.items():
        setattr(trainer, field, value)  # the Trainer's attributes have the fields' names
    return replace(config, **changes), trainer


def _show(line: str, args: argparse.Namespace) -> None:
    """Print a line; if the reader went away (`| head`), train on quietly when files are due.

    Without --save or --csv there is nothing left to do, so the BrokenPipeError ends the
    run (see `main`). With them, the rest of the output goes to the null device instead.
    """
    try:
        print(line)
    except BrokenPipeError:
        if args.save is None and args.csv is None:
            raise
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _diverged(args: argparse.Namespace, trainer: Trainer, step: int) -> int:
    """Say which step diverged and what to try; write the CSV if asked, but save nothing."""
    message = (
        f"{PROG}: diverged at step {step}: the loss or the weights stopped being finite "
        f"numbers; try a smaller --lr than {trainer.learning_rate:g}{_or_reg_rate(trainer)}"
    )
    if args.save is not None:
        message += f"; the run was not saved to {args.save}"
    try:
        if args.csv is not None:
            export_csv(args.csv, trainer)
    except RunFileError as error:
        message = f"{PROG}: diverged at step {step}, and {error}"
    print(message, file=sys.stderr)
    return 1


def _or_reg_rate(trainer: Trainer) -> str:
    """With regularisation on, a big --reg-rate can be the cause too (see regularisation.py)."""
    if trainer.regularisation == "none":
        return ""
    return f" or a smaller --reg-rate than {trainer.regularisation_rate:g}"


def _write_files(args: argparse.Namespace, config: RunConfig, trainer: Trainer) -> int:
    """Save the run and write the CSV, if asked; 1 with a one-line reason if one fails."""
    try:
        if args.save is not None:
            save_run(args.save, config, trainer)
        if args.csv is not None:
            export_csv(args.csv, trainer)
    except RunFileError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(words)
    try:
        if args.command == "train":
            return train(args, options.given_run_options(words))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`scratchnet train | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    return 2
