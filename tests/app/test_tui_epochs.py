"""What the app shows of mini-batch runs, and of settings the dataset ignores (Pilot)."""

from dataclasses import replace

from textual.widgets import Label, Select
from textual.widgets._select import SelectCurrent

from harness.pilot import status_line, wait_for, wait_until, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.session import TrainingSession
from tui.widgets.loss_plot import LossPlot
from tui.widgets.status_bar import loss_text

SIZE = (140, 24)  # room on the status line for an epoch's two losses; 3/5 of 140x40's cells
SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame
FULL = RunConfig(train_ratio=60.0)
# 72 training points in batches of 10: an epoch is 8 steps.
MINI = replace(FULL, batch_size=10, learning_rate=3.0)


async def test_the_status_line_and_plot_go_per_step_in_full_batch_and_per_epoch_in_mini() -> None:
    app = ScratchnetApp(FULL, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        # In full batch, the status line and the plot are per step.
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press(*"nn")
        # The status line's frame comes first, with the curve as it was; then the new curve.
        snapshot = await wait_for(pilot, lambda s: s.step == 2 and len(s.losses) == 2)
        status = status_line(app)
        assert f"step 2  epoch 2  loss {loss_text(snapshot.loss)}" in status, "full batch"
        assert "epoch loss" not in status, "full batch"
        plot = app.query_one(LossPlot)
        assert "loss (log scale)" in widget_text(plot) and "epoch" not in widget_text(plot)
        per_step = plot.snapshot
        assert per_step is not None and len(per_step.losses) == 2, "full batch"

        # With mini-batches, they show the whole sets' loss once an epoch.
        app.change(batch_size=10, learning_rate=3.0)
        await wait_for(pilot, lambda s: s.config == MINI)
        await pilot.press("r")  # a fresh run with these settings
        await wait_for(pilot, lambda s: s.step == 0 and s.config == MINI)
        await pilot.press(*"nnn")
        await wait_for(pilot, lambda s: s.step == 3)
        status = status_line(app)
        assert "epoch 0  epoch loss -  epoch test loss -" in status, status
        await pilot.press(*"nnnnn")
        await wait_for(pilot, lambda s: s.step == 8)
        session = app.session
        assert isinstance(session, TrainingSession)
        trainer = session.run.trainer
        train, test = trainer.epoch_losses[0], trainer.epoch_test_losses[0]
        assert train == trainer.train_loss(), "the whole training set, after the epoch"
        status = status_line(app)
        assert f"step 8  epoch 1  epoch loss {loss_text(train)}" in status, status
        assert f"epoch test loss {loss_text(test)}" in status, "mini-batches"
        assert f"loss {loss_text(trainer.loss)} " not in status, "not the last batch's loss"
        await wait_until(pilot, lambda: "loss after each epoch, whole sets" in widget_text(plot))
        assert plot.snapshot is not None
        assert plot.snapshot.losses == ((1, train),), "one point per epoch, at the epoch"


async def test_the_panel_shows_only_the_settings_of_the_runs_dataset() -> None:
    app = ScratchnetApp(RunConfig(), paused=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("c")

        def shown(name: str) -> bool:
            return bool(app.query_one(f"#{name}").display)

        await wait_until(pilot, lambda: bool(app.query("#noise")))
        assert not shown("noise") and not shown("points") and shown("density")
        assert not app.query_one("#label-noise", Label).display
        dataset = app.query_one("#dataset_name", Select)
        chosen = dataset.query_one(SelectCurrent)  # the value shown, with its arrow
        await wait_until(pilot, lambda: "grid (the tutorial's)" in widget_text(chosen))
        await pilot.press("escape")
        app.action_next_dataset()
        await wait_for(pilot, lambda s: s.config == RunConfig(dataset_name="xor"))
        await wait_until(pilot, lambda: shown("noise") and shown("points"))
        assert not shown("density") and not app.query_one("#label-density", Label).display
        assert shown("data_seed"), "the data seed picks the points of every drawn dataset"
