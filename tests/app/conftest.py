"""The app's two modes, for Pilot tests that run once in each: the tutorial's run and a
TensorFlow Playground run, each small, with what makes its views and its future interesting
(a test set; the Playground's L1, which kills links, and a batch size that leaves points over)."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Run, Settings
from tui.app import ScratchnetApp

PLAYGROUND_URL = (
    "#activation=tanh&batchSize=8&dataset=xor&regularization=L1&regularizationRate=0.003"
    "&networkShape=3,2&seed=0.42&xTimesY=true&learningRate=0.1&percTrainData=70"
)


@dataclass(frozen=True)
class Mode:
    """One of the app's modes: the settings of its run, and what a step of it is called."""

    name: str
    settings: Settings
    unit: str  # "step" (the tutorial's) or "epoch" (the Playground's)

    def app(self, steps: int = 0, **options: object) -> ScratchnetApp:
        """The app, paused, with its run trained `steps` steps."""
        return ScratchnetApp(self.settings, paused=True, skip_to=steps, **options)  # type: ignore[arg-type]

    def straight(self, steps: int, run: Run | None = None) -> Run:
        """The same run trained `steps` steps in one go, without the app; or `run`, one such
        trained fewer steps, trained on to `steps` (a Playground epoch costs 2 ms of CPU)."""
        run = run or make_run(self.settings)
        for _ in range(steps - run.steps):
            run.step()
        return run


MODES = {
    "tutorial": Mode(
        "tutorial", RunConfig(train_ratio=50, hidden=(3, 2), activation="tanh"), "step"
    ),
    "playground": Mode("playground", PlaygroundState.from_url(PLAYGROUND_URL), "epoch"),
}


@pytest.fixture(params=sorted(MODES))
def mode(request: pytest.FixtureRequest) -> Iterator[Mode]:
    yield MODES[str(request.param)]
