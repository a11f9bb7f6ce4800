"""The worker in Playground mode, without the app: epochs, the Playground's rules, its URL."""

import json
import threading
from pathlib import Path
from typing import Any

from harness import PATIENCE
from scratchnet.modes import make_run
from scratchnet.playground import PlaygroundState
from tui.session import TrainingSession
from tui.session.commands import (
    AddLayer,
    ChangeSettings,
    ClimbLadder,
    Command,
    NextChoice,
    ResizeLayer,
    SaveRun,
    StepOnce,
    Stop,
)
from tui.snapshot import Event, Notice

REFERENCES = Path(__file__).parents[1] / "data" / "playground"


def run(session: TrainingSession, *commands: Command) -> list[Event]:
    """Run the session in a thread as the app does, send the commands, stop; every event."""
    events: list[Event] = []
    thread = threading.Thread(target=session.work, args=(events.append,))
    thread.start()
    for command in commands:
        session.send(command)
    session.send(Stop())
    thread.join(timeout=PATIENCE)
    assert not thread.is_alive()
    return events


def test_a_step_is_one_of_the_playgrounds_epochs() -> None:
    reference: dict[str, Any] = json.loads((REFERENCES / "circle-relu-l2.json").read_text())
    session = TrainingSession(
        make_run(PlaygroundState.from_url(reference["settings"]["hash"])), paused=True
    )
    run(session, *[StepOnce()] * 5)
    snapshot = session.snapshot()
    assert snapshot.step == snapshot.epoch == 5
    assert (snapshot.loss, snapshot.test_loss) == tuple(reference["loss"][5])
    assert snapshot.domain.high == 6.0 and snapshot.url is not None
    assert snapshot.url.endswith(reference["settings"]["hash"])


def test_the_learning_rate_goes_on_and_the_rest_starts_again() -> None:
    session = TrainingSession(
        make_run(PlaygroundState.from_url("#seed=0.1&dataset=xor")), paused=True
    )
    run(session, StepOnce(), StepOnce(), ClimbLadder("learning_rate", 1))
    assert session.steps == 2 and session.config.learning_rate == 0.1
    events = run_more(session, ChangeSettings.of(activation="relu"))
    assert session.steps == 0 and session.config.seed == "0.1", "a restart keeps the data's seed"
    ghost = session.snapshot().ghost
    assert ghost is not None
    assert ghost[0] == "before: lr 0.03, activation tanh", "as the old run began"
    assert not [e for e in events if isinstance(e, Notice)]
    run_more(session, ChangeSettings.of(noise=20))
    assert session.config.noise == 20 and session.config.seed != "0.1", "new data, new seed"


def run_more(session: TrainingSession, *commands: Command) -> list[Event]:
    session.finished.clear()
    return run(session, *commands)


def test_the_playgrounds_limits_and_lists(tmp_path: Path) -> None:
    session = TrainingSession(
        make_run(PlaygroundState.from_url("#seed=0.2&networkShape=8")), paused=True
    )
    events = run(
        session,
        *[AddLayer()] * 6,
        ResizeLayer(0, 1),
        ChangeSettings.of(learning_rate=0.02),
        NextChoice("activation"),
        SaveRun(str(tmp_path / "run.json")),
    )
    notices = [event.text for event in events if isinstance(event, Notice)]
    assert session.config.network_shape == (8, 2, 2, 2, 2, 2)
    assert session.config.activation == "sigmoid"  # tanh -> sigmoid in the Playground's order
    assert notices[0] == "At most 6 hidden layers in this run (its own limit)."
    assert notices[1] == "A layer has 1 to 8 neurons in this run (its own limit)."
    assert notices[2].startswith("learning rate must be one of 1e-05, 0.0001")
    assert notices[3].startswith("Saved: epoch 0, to ")
