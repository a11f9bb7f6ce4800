"""Pictures of the app at fixed sizes and steps, compared with reviewed SVGs.

Update them after a reviewed visual change with `pytest tests/app/test_tui_snapshots.py
--snapshot-update`, and look at the SVGs before committing.
"""

import copy
from collections.abc import Callable

from textual.pilot import Pilot

from harness.pilot import keys_together, status_line, wait_for, wait_for_settled_frame, wait_until
from scratchnet.config import RunConfig
from scratchnet.modes import TutorialMode
from scratchnet.playground import PlaygroundState
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer
from tui.app import ScratchnetApp
from tui.session import TrainingSession

SIZE = (120, 40)
SMALL = (80, 24)  # where SSH sessions open
PLAYGROUND_URL = "#dataset=circle&seed=0.5&xSquared=true&ySquared=true&networkShape=4,2"
Compare = Callable[..., bool]

RUNS: dict[int, tuple[Trainer, Timeline]] = {}  # see `trained`


def copy_of(run: tuple[Trainer, Timeline]) -> tuple[Trainer, Timeline]:
    """A run of the tutorial and its timeline, copied: training one leaves the other."""
    trainer, timeline = run
    twin = RunConfig().trainer()
    twin.restore(trainer.state(), losses=trainer.losses, test_losses=trainer.test_losses)
    return twin, copy.deepcopy(timeline)


def trained(step: int) -> tuple[Trainer, Timeline]:
    """The tutorial's run trained to `step`, as `--skip-to` trains it, and its timeline: once per
    test process, going on from (a copy of) the run trained furthest short of `step` so far."""
    if step not in RUNS:
        earlier = max((done for done in RUNS if done < step), default=None)
        start = copy_of(RUNS[earlier]) if earlier is not None else (None, None)
        run = TutorialMode(RunConfig(), start[0], start[1])
        session = TrainingSession(run, paused=True)
        session.skip(step - session.steps)
        RUNS[step] = session.run.trainer, session.run.timeline
    return RUNS[step]


def app_at(step: int) -> ScratchnetApp:
    """The app paused at `step` of the tutorial's run, with its timeline: a copy of one run."""
    trainer, timeline = copy_of(trained(step))
    return ScratchnetApp(run=TutorialMode(RunConfig(), trainer, timeline), paused=True)


def settle_at(step: int) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, step)

    return run_before


# The tests come in the order of the steps they start at: each run goes on from the one before.


def test_small_terminal(snap_compare: Compare) -> None:
    assert snap_compare(app_at(0), terminal_size=(50, 12))


def test_first_screen_at_80x24(snap_compare: Compare) -> None:
    """The size an SSH session opens at: ? Help and q Quit on the key line, the state first on
    the status line, and what the run is on the picture's border."""
    assert snap_compare(app_at(300), terminal_size=SMALL, run_before=settle_at(300))


def test_a_playground_run_at_80x24(snap_compare: Compare) -> None:
    """A Playground run at 80x24: its features on the picture's border, u URL on the key line
    once it fits (not here), the state first on the status line, the legend over no curve."""
    app = ScratchnetApp(PlaygroundState.from_url(PLAYGROUND_URL), paused=True, skip_to=30)
    assert snap_compare(app, terminal_size=SMALL, run_before=settle_at(30))


def test_help_screen(snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 50)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_at(50), terminal_size=SIZE, run_before=run_before)


def test_learning_rate_dialog_with_a_refusal(snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 50)
        await pilot.press("l", *"abc", "enter")
        await pilot.pause()

    assert snap_compare(app_at(50), terminal_size=SIZE, run_before=run_before)


def test_main_screen_mid_training(snap_compare: Compare) -> None:
    assert snap_compare(app_at(300), terminal_size=SIZE, run_before=settle_at(300))


def test_previous_run_stays_as_a_ghost(snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 400)
        await pilot.press("minus")  # lr 3: no reset
        await pilot.press("r")  # reset: the lr-10 run stays, grey
        keys_together(pilot, "n" * 40)  # held down: faster than frames are drawn
        await wait_for_settled_frame(pilot, 40)

    assert snap_compare(app_at(400), terminal_size=SIZE, run_before=run_before)


def test_neuron_view(snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 1000)
        await pilot.press("i")
        await wait_for(pilot, lambda s: len(s.neurons) == 5)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app_at(1000), terminal_size=SIZE, run_before=run_before)


def test_probe_panel_on_a_training_point(snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 1000)
        await pilot.press("p")
        await wait_for(pilot, lambda s: s.probe is not None and s.probe.backward is not None)
        await pilot.pause()

    assert snap_compare(app_at(1000), terminal_size=SIZE, run_before=run_before)


def test_main_screen_trained(snap_compare: Compare) -> None:
    """The tutorial's settings reach the tutorial's loss at step 2000, and the status says so."""

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 2000)
        assert isinstance(pilot.app, ScratchnetApp)
        assert "loss 0.0035" in status_line(pilot.app)

    assert snap_compare(app_at(2000), terminal_size=SIZE, run_before=run_before)


def test_looking_back_along_the_timeline(snap_compare: Compare) -> None:
    """Three tenths back from step 2000: the picture, the numbers, the plot's mark, the bar."""

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 2000)
        await pilot.press("J", "J", "J")
        await wait_for(pilot, lambda s: s.timeline is not None and s.timeline.shown == 1400)
        await pilot.pause()

    assert snap_compare(app_at(2000), terminal_size=SIZE, run_before=run_before)


def test_controls_panel_and_a_playground_run(snap_compare: Compare) -> None:
    config = RunConfig(
        dataset_name="xor", train_ratio=50, noise=10, hidden=(6, 4), activation="tanh"
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_settled_frame(pilot, 150)
        await pilot.press("c")
        await wait_until(pilot, lambda: pilot.app.focused is not None)  # the form is built
        await pilot.pause()

    app = ScratchnetApp(config, paused=True, skip_to=150)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
