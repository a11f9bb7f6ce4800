"""Once Stop is on its way, the worker applies the commands sent before it and draws nothing
more: the app is ending, and the autosave waits for those commands, not for a picture nobody
will see (a second and more, in a big terminal on a busy machine)."""

import threading

from harness import PATIENCE
from scratchnet.config import RunConfig
from scratchnet.modes import make_run
from tui.session import TrainingSession
from tui.session.commands import AddLayer, ChangeSeed, NextChoice, Stop
from tui.snapshot import Event, Snapshot


def test_after_stop_the_worker_applies_the_rest_of_the_burst_without_drawing_it() -> None:
    session = TrainingSession(make_run(RunConfig(learning_rate=0.1)), paused=True)
    frames: list[Snapshot] = []
    first = threading.Event()

    def publish(event: Event) -> None:
        if not isinstance(event, Snapshot):
            return
        frames.append(event)
        first.set()
        if event.pending:  # the status line of `]`: the rest of the burst comes now, and `q`
            for command in (NextChoice("dataset_name"), ChangeSeed(1), Stop()):
                session.send(command)

    thread = threading.Thread(target=session.work, args=(publish,))
    thread.start()
    assert first.wait(PATIENCE), "the run's first frame"
    session.send(AddLayer())
    thread.join(PATIENCE)
    assert not thread.is_alive(), "the worker ended"
    assert len(frames) == 2 and frames[-1].pending, "no picture after Stop: `]`'s status line last"
    assert session.config.hidden == (4, 4)
    assert (session.config.dataset_name, session.config.seed) == ("xor", 1)
