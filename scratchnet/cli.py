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
- `--speed` is accepted, so that one command line serves both commands, and ignored: it paces
  the app only; `scratchnet train` always trains as fast as it can, and its --help leaves it out.

`--playground URL` runs a TensorFlow Playground URL (or just its `#...` hash) instead, with the
Playground's own arithmetic (see `scratchnet/playground/`), for `--epochs` epochs, printing
`epoch train_loss test_loss` lines for epoch 0 (the start) and every `--every` epochs (1), the
losses over the whole training and test sets, written in full (`repr`), so that they can be
compared digit for digit with the Playground's. The run is all in the URL, so the tutorial's
run options, `--steps`, `--load` and `--csv` are refused with it; a value the Playground could
not have produced is refused naming its key. `--save FILE` saves it at the end, its URL with it
(see `scratchnet/playground/runfile.py`), and `--load FILE --epochs M` goes on from such a file
for M more epochs, printing the true epoch numbers: N epochs saved and M more loaded print what
N + M epochs in one go print, to the last digit.

While it trains, it measures the run's health every few steps (`scratchnet.health`, at most 3 %
of the time) and, when something is wrong and stays wrong (`scratchnet.diagnosis`), says so on
stderr, once per new diagnosis, with its step: `scratchnet train: step 249: saturated: the
output is 0 for every point (z ≈ -42): the learning rate is too high`. stdout is unchanged.

Exit status: 0 done; 1 something went wrong during the run (it diverged, or a file could not
be written at the end); 2 the command line was refused before any training (a bad option, a
file to load that is missing or not a good run, a folder to save in that does not exist);
130 interrupted with Ctrl-C (nothing is saved). Every error is one line on stderr.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scratchnet import options
from scratchnet.config import RunConfig
from scratchnet.export import CSV_FILE, export_csv
from scratchnet.files import same_file
from scratchnet.run_json import RunFileError
from scratchnet.runfile import RUN_FILE, check_writable, save_run
from scratchnet.settings import SETTINGS, Setting
from scratchnet.shown import shown_path
from scratchnet.start import start_run
from scratchnet.trainer import Trainer

# The runs of both modes, their health and the Playground's engine are imported by the
# functions that train, not here: a refused option, or --help, is answered without loading
# them, for about a quarter less CPU.
if TYPE_CHECKING:
    from scratchnet.run import Run

PROG = "scratchnet train"
STEPS = 2000  # --steps, by default: the tutorial's
EVERY = 100  # --every, by default: the tutorial prints every 100th step
PLAYGROUND_EVERY = 1  # --every with --playground: every epoch


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
    options.add_run_options(train, paced=False)
    train.add_argument(
        "--steps",
        type=options.steps,
        help=f"steps to run ({STEPS}); with --load, steps more",
    )
    train.add_argument(
        "--every",
        type=options.every,
        help=f"print every Nth step, and step 1 ({EVERY}); with --playground, every Nth epoch "
        f"and the last ({PLAYGROUND_EVERY})",
    )
    train.add_argument(
        "--load",
        metavar="FILE",
        help="go on from the run saved in FILE, with its settings; only "
        + ", ".join(setting.flag for setting in SETTINGS if setting.live and setting.learns)
        + " may change them (a saved Playground run takes --epochs and --every only)",
    )
    train.add_argument(
        "--save",
        metavar="FILE",
        help="save the run to FILE at the end (not if it diverged); with --playground, its URL "
        "with it",
    )
    train.add_argument(
        "--csv", metavar="FILE", help="write every step's losses to FILE at the end, as CSV"
    )
    train.add_argument(
        "--playground",
        metavar="URL",
        help="run this TensorFlow Playground URL (or its #hash) as the Playground does, and "
        "print 'epoch train_loss test_loss' lines; takes --epochs and --every only",
    )
    train.add_argument(
        "--epochs",
        type=options.steps,
        metavar="N",
        help="with --playground: epochs to run (required); with --load of a Playground run, "
        "epochs more",
    )
    return parser


def train(args: argparse.Namespace, given: Sequence[Setting] = ()) -> int:
    """Run the training and print `step loss` at step 1 and every `--every` steps.

    With a test set the lines are `step train_loss test_loss`. Both losses are measured before
    the step's update; with mini-batches the train loss is that step's batch's. `given` is the
    settings typed on the command line (see `options.given_settings`): with --load, they say
    which settings to change. A saved Playground run goes on by its epochs instead
    (`go_on_playground`). Returns the exit status (see the module's docstring).
    """
    from scratchnet.modes import TutorialMode, open_run

    try:
        saved = None if args.load is None else open_run(args.load)
        if saved is not None and not isinstance(saved, TutorialMode):
            return go_on_playground(args, given, saved)
        if args.epochs is not None:
            raise RunFileError(
                "--epochs is for --playground runs; the tutorial's run takes --steps"
            )
        _check_outputs(args)
        loaded = None if saved is None else (saved.config, saved.trainer, saved.timeline)
        config, trainer = start_run(args, given, loaded)
    except RunFileError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    steps = STEPS if args.steps is None else args.steps
    every = EVERY if args.every is None else args.every
    doctor = Doctor(TutorialMode(config, trainer))
    for step in range(trainer.steps + 1, trainer.steps + steps + 1):
        loss = trainer.step()
        if trainer.diverged:
            return _diverged(args, trainer, step)
        doctor.after_step()
        if step == 1 or step % every == 0:
            test_loss = trainer.test_loss
            if test_loss is None:
                _show(f"{step} {loss:.4f}", args)
            else:
                _show(f"{step} {loss:.4f} {test_loss:.4f}", args)
    return _write_files(args, config, trainer)


def train_playground(args: argparse.Namespace, given: Sequence[Setting] = ()) -> int:
    """Run `--playground URL` for `--epochs` epochs, printing `epoch train_loss test_loss`.

    Epoch 0 (the start), every `--every`-th epoch and the last. Options that have no meaning
    for a Playground run are refused, one line and status 2, before anything runs; so is a bad
    URL, naming its key. A URL with no seed gets a new one, as in a browser, and stderr says
    which, so that the run can be repeated.
    """
    from scratchnet.modes import make_run
    from scratchnet.playground import PlaygroundState
    from scratchnet.playground.state import has_seed

    refused = [setting.flag for setting in given]
    refused += _given(args, "--steps", "--load", "--csv")
    problem = ""
    if refused:
        problem = f"{', '.join(refused)}: not with --playground, whose URL holds the whole run"
    elif args.epochs is None:
        problem = "--playground needs --epochs N, the number of epochs to run"
    else:
        try:
            state = PlaygroundState.from_url(args.playground)
            if args.save is not None:
                check_writable(args.save, RUN_FILE)
        except RunFileError as error:
            problem = str(error)
        except ValueError as error:
            problem = f"--playground: {error}"
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    if not has_seed(args.playground):
        print(
            f"{PROG}: the URL has no seed, so this run has a new one: {state.url()}",
            file=sys.stderr,
        )
    run = make_run(state)
    _show(_epoch_line(run), args)
    return _train_epochs(args, run)


def go_on_playground(args: argparse.Namespace, given: Sequence[Setting], run: "Run") -> int:
    """`--load FILE --epochs M` of a saved Playground run: M more epochs, printing the lines a
    straight run prints after the saved epoch (the run's URL holds its settings: none of the
    tutorial's options apply)."""
    refused = [setting.flag for setting in given] + _given(args, "--steps", "--csv")
    problem = ""
    if refused:
        problem = f"{', '.join(refused)}: not with a saved Playground run, whose URL holds it"
    elif args.epochs is None:
        problem = (
            f"{shown_path(args.load)} is a Playground run: --load needs --epochs N, "
            "the epochs to add"
        )
    else:
        try:
            _check_outputs(args)
        except RunFileError as error:
            problem = str(error)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    return _train_epochs(args, run)


def _given(args: argparse.Namespace, *flags: str) -> list[str]:
    """Which of these options (`--steps`, ...) the command line gave."""
    return [flag for flag in flags if getattr(args, flag.removeprefix("--")) is not None]


def _train_epochs(args: argparse.Namespace, run: "Run") -> int:
    """`--epochs` epochs more, a line after every `--every`-th and the last; `--save` at the
    end (1 with one line if it cannot be saved: a run that blew up, a write that failed)."""
    every = PLAYGROUND_EVERY if args.every is None else args.every
    last = run.steps + args.epochs
    doctor = Doctor(run)
    for epoch in range(run.steps + 1, last + 1):
        run.step()
        doctor.after_step()
        if epoch % every == 0 or epoch == last:
            _show(_epoch_line(run), args)
    if args.save is not None:
        try:
            run.save(args.save)
        except RunFileError as error:
            print(f"{PROG}: {error}", file=sys.stderr)
            return 1
    return 0


class Doctor:
    """Measures a run's health every `steps_between` steps and says on stderr, once, each new
    diagnosis that `Watch` raises (the line without the app's keys, with the step)."""

    def __init__(self, run: "Run") -> None:
        from scratchnet.diagnosis import Watch
        from scratchnet.health import steps_between

        self.run = run
        self.every = steps_between(run)
        self.watch = Watch()
        self.told: tuple[str, int | None] | None = None  # what the last line said was wrong

    def after_step(self) -> None:
        """Call after each step: measures when one is due, and says what is new."""
        run = self.run
        if run.steps % self.every:
            return
        from scratchnet.health import measure

        shown = self.watch.observe(measure(run))
        key = None if shown is None else shown.key
        if shown is not None and key != self.told:
            print(f"{PROG}: {run.unit} {run.steps}: {shown.text}", file=sys.stderr)
        self.told = key


def _epoch_line(run: "Run") -> str:
    # repr: the shortest text that reads back as the same float, so no digit is lost.
    return f"{run.steps} {run.loss!r} {run.test_loss!r}"


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse at once, not after the training, files that cannot be written where asked:
    a missing folder, a device, or a file that is not a run (--save) or a CSV (--csv) of ours.

    No file is both read and written by one command (through links too): `--load run.json
    --csv run.json` would put the CSV over the saved run.
    """
    both = args.save is not None and args.csv is not None
    if both and same_file(args.save, args.csv):
        raise RunFileError(f"--save and --csv both name {shown_path(args.save)}")
    if args.load is not None:
        for option, path in (("--save", args.save), ("--csv", args.csv)):
            if path is not None and same_file(path, args.load):
                raise RunFileError(f"{option} names {shown_path(path)}, the file --load reads")
    for path, kind in ((args.save, RUN_FILE), (args.csv, CSV_FILE)):
        if path is not None:
            check_writable(path, kind)


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
        if args.command == "train" and args.playground is not None:
            return train_playground(args, options.given_settings(words))
        if args.command == "train":
            return train(args, options.given_settings(words))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`scratchnet train | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    return 2
