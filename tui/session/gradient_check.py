"""A gradient check in the worker: a few parameters a turn, between training steps.

`scratchnet.gradcheck.checking_gradients` measures one parameter at a time. The worker takes a
few of them each turn, about CHECK_TURN multiplications' worth, then answers the keys waiting,
trains, and publishes a frame: a check of a big network, which takes minutes, never holds the
app up, and shows how far it has got. On a small network the whole check fits in one turn.

The check is of a copy of the run as it was when it began, in the run's own arithmetic (see
scratchnet/gradcheck.py). The run trains on meanwhile, and a save made while it runs (the app
quitting) gets the run's true weights, never a nudged one.
"""

from typing import TYPE_CHECKING

from scratchnet.run import Run
from tui.snapshot import GradientReport, Notice

if TYPE_CHECKING:  # the check's code is imported when a check begins: the first frame needs none
    from scratchnet.gradcheck import CheckProgress

# How much of a check one turn of the worker does: parameters until about this many
# multiplications (a parameter costs two forward passes over the training set, each a
# multiplication per weight and sample). About 0.1 s of pure Python, less than a step of 8
# layers of 32; but always at least one parameter.
CHECK_TURN = 2_000_000

CHECKING = "Checking backprop against finite differences"  # the notice the report ends


class RunningCheck:
    """One gradient check of the run as it was at `step`, done turn by turn."""

    def __init__(self, run: Run) -> None:
        """Begins the check, of a copy of the run: backprop's own pass over the training set,
        about a step's work."""
        from scratchnet.gradcheck import checking_gradients

        self.step, self.unit = run.steps, run.unit
        self.steps = checking_gradients(run)
        self.parameters = len(run.parameters())  # the network's, checked or not
        per_parameter = 2 * len(run.train_points) * self.parameters
        self.per_turn = max(1, CHECK_TURN // per_parameter)
        self.progress: CheckProgress = next(self.steps)

    def started(self) -> Notice:
        """What the check is about to do, in one line."""
        total = self.progress.total
        if total < self.parameters:
            what = f"{total:,} of {self.parameters:,} parameters, a random sample per layer"
        else:
            what = f"all {total:,} parameters"
        return Notice(f"{CHECKING}: {what} (g or Esc stops it).")

    def turn(self) -> GradientReport | None:
        """Measure the next few parameters; the report once the check is over, else None."""
        for _ in range(self.per_turn):
            self.progress = next(self.steps)
            if self.progress.finished:
                self.steps.close()
                return GradientReport(self.step, self.progress.checked, self.unit)
        return None

    def stop(self, why: str = "") -> Notice:
        """Give the check up; one line saying how far it got (and `why`)."""
        self.steps.close()
        progress = self.progress
        return Notice(
            f"Gradient check stopped at layer {progress.layer + 1} of {progress.layers}, "
            f"{progress.done:,} of {progress.total:,} parameters{why}."
        )
