"""The Playground's settings in the app: direct keys, the controls panel, the command palette."""

import pytest
from textual.widgets import Checkbox, Input, Select

from harness.pilot import status_line, wait_for, widget_text
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.controls import ControlsPanel
from tui.widgets.prediction_grid import PredictionGrid

SIZE = (120, 40)


def paused_app(**settings: object) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(**settings), paused=True)  # type: ignore[arg-type]


async def test_d_cycles_the_datasets_and_resets() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("n", "n")
        await wait_for(pilot, lambda s: s.step == 2)
        seen = []
        for _ in range(4):
            await pilot.press("d")
            before = seen[-1] if seen else "circle"
            snapshot = await wait_for(pilot, lambda s, b=before: s.config.dataset_name != b)
            seen.append(snapshot.config.dataset_name)
            assert snapshot.step == 0
        assert seen == ["xor", "gauss", "spiral", "circle"]


async def test_a_cycles_the_activation_and_keeps_the_old_curve_as_a_ghost() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press(*"nnn")
        await wait_for(pilot, lambda s: s.step == 3)
        await pilot.press("a")
        snapshot = await wait_for(pilot, lambda s: s.config.activation == "tanh" and s.step == 0)
        assert snapshot.ghost is not None
        label, curve = snapshot.ghost
        assert label == "activation sigmoid"
        assert [step for step, _ in curve] == [1, 2, 3]
        assert app.session.trainer.network.activation == "tanh"
        await pilot.press("n")
        await wait_for(pilot, lambda s: s.step == 1)
        assert "activation sigmoid" in widget_text(app.query_one("#loss"))
        await pilot.press("r")  # the next reset replaces the ghost with the run just ended
        snapshot = await wait_for(pilot, lambda s: s.step == 0)
        assert snapshot.ghost is not None and snapshot.ghost[0] == "previous run"


@pytest.mark.parametrize(
    ("start", "keys", "expected"),
    [
        ((4,), "]", (4, 4)),
        ((4, 4), "[", (4,)),
        ((4,), "[", ()),
        ((4,), ".", (5,)),
        ((4,), ",", (3,)),
        ((8, 3), "..", (8, 5)),
    ],
)
async def test_brackets_and_commas_shape_the_network(
    start: tuple[int, ...], keys: str, expected: tuple[int, ...]
) -> None:
    app = paused_app(hidden=start)
    names = {
        "[": "left_square_bracket",
        "]": "right_square_bracket",
        ",": "comma",
        ".": "full_stop",
    }
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        for key in keys:
            await pilot.press(names[key])
        await wait_for(pilot, lambda s: s.config.hidden == expected)
        sizes = [len(layer) for layer in app.session.trainer.network.layers]
        assert sizes == [*expected, 1]


async def test_network_shape_limits_are_announced_not_applied() -> None:
    app = paused_app(hidden=())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("left_square_bracket", "comma")
        await pilot.pause(0.2)
        assert app.session.config.hidden == ()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "No hidden layer left" in messages and "add one with ]" in messages


async def test_t_and_x_change_how_the_picture_is_drawn() -> None:
    app = ScratchnetApp(RunConfig(train_ratio=50), paused=True, skip_to=200)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 200 and len(s.grid) > 32)
        await pilot.pause(0.2)
        grid = app.query_one(PredictionGrid)
        text = widget_text(grid)
        assert "○" in text and "●" in text
        await pilot.press("t")
        await pilot.pause()
        assert "○" not in widget_text(grid) and "●" in widget_text(grid)
        shades_before = {shade for row in grid._rows for shade in row}
        await pilot.press("x")
        await pilot.pause()
        shades_after = {shade for row in grid._rows for shade in row}
        assert len(shades_after) <= 3 < len(shades_before)
        await pilot.press("x")
        await pilot.pause()
        assert {shade for row in grid._rows for shade in row} == shades_before


async def test_status_line_shows_accuracy_epoch_and_test_figures() -> None:
    app = ScratchnetApp(RunConfig(train_ratio=50, batch_size=10), paused=True, skip_to=30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 30 and s.train_accuracy is not None)
        status = status_line(app)
        for words in ["step 30", "epoch 5", "test loss", "acc ", "test acc "]:
            assert words in status, status
        # 61 training points in batches of 10: 7 steps an epoch, so step 30 is in epoch 5.
        assert app.session.trainer.epoch == 4 or "epoch 4" in status or "epoch 5" in status


async def test_controls_panel_opens_with_c_and_tab_walks_it() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        panel = app.query_one(ControlsPanel)
        assert not panel.display
        await pilot.press("c")
        assert panel.display
        assert app.focused is not None and app.focused.id == "activation"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "regularisation"
        assert "scratchnet-tui" in widget_text(panel.query_one("#command-line"))
        await pilot.press("c")
        assert not panel.display


async def test_controls_apply_settings_live_or_with_a_reset() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("n", "n", "c")
        await wait_for(pilot, lambda s: s.step == 2)
        panel = app.query_one(ControlsPanel)
        panel.query_one("#regularisation", Select).value = "l2"
        snapshot = await wait_for(pilot, lambda s: s.config.regularisation == "l2")
        assert snapshot.step == 2, "regularisation applies without a reset"
        assert app.session.trainer.regularisation == "l2"
        hidden = panel.query_one("#hidden", Input)
        hidden.focus()
        hidden.value = "8,8"
        await pilot.press("enter")
        snapshot = await wait_for(pilot, lambda s: s.config.hidden == (8, 8))
        assert snapshot.step == 0, "a new architecture starts again"
        line = widget_text(panel.query_one("#command-line"))
        assert "--hidden 8,8" in line and "--reg l2" in line


async def test_controls_refuse_bad_values_with_the_reason() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("c")
        panel = app.query_one(ControlsPanel)
        for field, text, reason in [
            ("hidden", "0", "1 to 1024 neurons"),
            ("learning_rate", "abc", "must be a number"),
            ("data_seed", "-3", "data seed"),
            ("seed", "x", "whole number"),
        ]:
            box = panel.query_one(f"#{field}", Input)
            box.focus()
            box.value = text
            await pilot.press("enter")
            await pilot.pause()
            assert reason in widget_text(panel.query_one(f"#error-{field}"))
        assert app.session.config == RunConfig()
        for name in ["x", "y"]:
            panel.query_one(f"#feature-{name}", Checkbox).value = False
            await pilot.pause()
        assert "at least one feature" in widget_text(panel.query_one("#error-features"))
        await wait_for(pilot, lambda s: s.config.features == ("y",))
        assert panel.query_one("#feature-y", Checkbox).value


async def test_command_palette_offers_every_setting() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p")
        await pilot.press(*"dataset spiral")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda s: s.config.dataset_name == "spiral")
        await pilot.press("ctrl+p")
        await pilot.press(*"feature toggle x²")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda s: "x2" in s.config.features)


def test_every_setting_has_palette_commands() -> None:
    from tui.commands import setting_commands
    from tui.settings import SETTINGS

    app = paused_app()
    titles = [title for title, _, _ in setting_commands(app)]
    for setting in SETTINGS:
        if setting.choices or setting.field in ("learning_rate", "features"):
            assert any(t.startswith(setting.label) or setting.field == "features" for t in titles)
    assert "Dataset: xor" in titles and "Activation: relu" in titles
    assert "Regularisation: l2" in titles and "Noise: 25%" in titles
    assert "Feature: toggle sin x" in titles and "Learning rate: 0.3" in titles
