"""A copy of a run taken from another thread while it trains (what quitting saves) is the run as
it was between two steps, never half an epoch: for the tutorial's run as for a Playground run,
whose epoch changes its network in place."""

import threading

import pytest

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from scratchnet.run import Run, Settings

BIG_PLAYGROUND = (
    "#dataset=spiral&networkShape=8,8,8,8,8,8&x=true&y=true&xSquared=true&ySquared=true"
    "&xTimesY=true&sinX=true&sinY=true&batchSize=3&seed=0.31416"
)
RUNS: dict[str, Settings] = {
    "tutorial": RunConfig(hidden=(16, 16), batch_size=5),
    "playground": PlaygroundState.from_url(BIG_PLAYGROUND),
}
STEPS = 12
COPIES_PER_STEP = 3  # taken as the step begins: enough to land inside it, few to check


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_a_copy_taken_while_it_trains_is_the_run_between_two_steps(kind: str) -> None:
    straight = make_run(RUNS[kind])
    states = [straight.state()]
    for _ in range(STEPS):
        straight.step()
        states.append(straight.state())

    run = make_run(RUNS[kind])
    copies: list[Run] = []

    go = threading.Event()  # a copy has begun: take the next step beside it
    stepped = threading.Event()  # that step is taken: begin the next copy

    def train() -> None:
        for _ in range(STEPS):
            # Each step begins only once a copy has begun, so it runs beside that copy on a busy
            # machine too, where this thread could otherwise take every step before the copying
            # thread was given the processor once.
            go.wait(PATIENCE)
            go.clear()
            run.step()
            stepped.set()

    trainer = threading.Thread(target=train)
    trainer.start()
    for _ in range(STEPS):
        go.set()
        for _ in range(COPIES_PER_STEP):
            copies.append(run.copy())
            if stepped.is_set():
                break
        stepped.wait(PATIENCE)
        stepped.clear()
    trainer.join()
    assert len(copies) >= STEPS, "copies were taken while it trained"
    for twin in copies:
        assert twin.state() == states[twin.steps], f"the copy at step {twin.steps} is whole"
