"""The Playground's settings in the app: direct keys, the controls panel, the command palette.

An app costs a few tenths of a second of CPU to start, and the panel more to build: cases that
can share one app do, each run in turn from the state it needs.
"""

from textual.widgets import Checkbox, Input, Select

from harness.pilot import (
    case,
    colours_shown,
    keys_together,
    status_line,
    wait_for,
    wait_for_notice,
    wait_until,
    widget_text,
)
from scratchnet.config import RunConfig
from tui.app import ScratchnetApp
from tui.widgets.controls import ControlsPanel
from tui.widgets.prediction_grid import PredictionGrid

SIZE = (120, 24)  # wide enough for the status line and the legend; 3/5 of 120x40's cells
SMALL = (80, 24)  # where SSH sessions open, and less to draw a frame: for the tests it fits


def paused_app(**settings: object) -> ScratchnetApp:
    return ScratchnetApp(RunConfig(**settings), paused=True)  # type: ignore[arg-type]


async def test_d_cycles_the_datasets_and_a_the_activations_and_both_reset() -> None:
    app = paused_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("n", "n")
        await wait_for(pilot, lambda s: s.step == 2)
        seen = []
        for _ in range(4):
            await pilot.press("d")
            before = seen[-1] if seen else "grid"
            snapshot = await wait_for(pilot, lambda s, b=before: s.config.dataset_name != b)
            seen.append(snapshot.config.dataset_name)
            assert snapshot.step == 0, f"d from {before}"
        assert seen == ["xor", "gauss", "spiral", "grid"]

        # a: the next activation, and the old run's curve stays as a ghost.
        await pilot.press(*"nnn")
        await wait_for(pilot, lambda s: s.step == 3)
        await pilot.press("a")
        snapshot = await wait_for(pilot, lambda s: s.config.activation == "tanh" and s.step == 0)
        assert snapshot.ghost is not None
        label, curve = snapshot.ghost
        assert label == "before: activation sigmoid"
        assert [step for step, _ in curve] == [1, 2, 3]
        assert app.session.run.trainer.network.activation == "tanh"
        await pilot.press("n")
        await wait_for(pilot, lambda s: s.step == 1)
        # A legend once there are two curves to tell apart: in the frame after the status line's.
        await wait_until(pilot, lambda: "activation sigmoid" in widget_text(app.query_one("#loss")))
        await pilot.press("r")  # the next reset replaces the ghost with the run just ended
        snapshot = await wait_for(pilot, lambda s: s.step == 0)
        assert snapshot.ghost is not None and snapshot.ghost[0] == "previous run"


async def test_brackets_and_commas_shape_the_network_and_announce_its_limits() -> None:
    app = paused_app()
    names = {
        "[": "left_square_bracket",
        "]": "right_square_bracket",
        ",": "comma",
        ".": "full_stop",
    }
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        # Each case starts from its shape, set as the settings panel sets it.
        for start, keys, expected in [
            ((4,), "]", (4, 4)),
            ((4, 4), "[", (4,)),
            ((4,), ".", (5,)),
            ((4,), ",", (3,)),
            ((8, 3), "..", (8, 5)),
            ((4,), "[", ()),
        ]:
            with case(f"hidden {start} keys {keys}"):
                app.change(hidden=start)
                await wait_for(pilot, lambda s, start=start: s.config.hidden == start)
                await pilot.press(*[names[key] for key in keys])
                await wait_for(pilot, lambda s, e=expected: s.config.hidden == e)
                sizes = [len(layer) for layer in app.session.run.trainer.network.layers]
                assert sizes == [*expected, 1], f"hidden {start} keys {keys}"

        # With no hidden layer left, [ and , say why they do nothing.
        await pilot.press("left_square_bracket", "comma")
        await wait_for_notice(pilot, "No hidden layer left")
        messages = await wait_for_notice(pilot, "add one with ]")
        assert app.session.config.hidden == ()
        assert "No hidden layer left" in messages and "add one with ]" in messages


async def test_t_and_x_change_how_the_picture_is_drawn() -> None:
    app = ScratchnetApp(RunConfig(train_ratio=50), paused=True, skip_to=200)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 200 and len(s.grid) > 32)
        grid = app.query_one(PredictionGrid)
        await wait_until(pilot, lambda: "○" in widget_text(grid))
        text = widget_text(grid)
        assert "○" in text and "●" in text
        await pilot.press("t")
        await wait_until(pilot, lambda: "○" not in widget_text(grid))
        assert "●" in widget_text(grid)
        shades_before = colours_shown(grid)
        await pilot.press("x")  # the worker draws the picture again, in two classes
        await wait_until(pilot, lambda: len(colours_shown(grid)) < len(shades_before))
        await pilot.press("x")
        await wait_until(pilot, lambda: colours_shown(grid) == shades_before)


async def test_status_line_shows_accuracy_epoch_and_test_figures() -> None:
    app = ScratchnetApp(RunConfig(train_ratio=50, batch_size=10), paused=True, skip_to=30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda s: s.step == 30 and s.train_accuracy is not None)
        status = status_line(app)
        for words in ["step 30", "epoch 5", "test loss", "acc ", "test acc "]:
            assert words in status, status
        # 61 training points in batches of 10: 7 steps an epoch, so step 30 is in epoch 5.
        assert app.session.run.trainer.epoch == 4 or "epoch 4" in status or "epoch 5" in status


async def test_controls_panel_opens_with_c_applies_settings_and_refuses_bad_values() -> None:
    app = paused_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        panel = app.query_one(ControlsPanel)

        # The soak found it: a frame arriving while the form was still mounting crashed the
        # app. So the panel's first opening here races a change of settings.
        app.action_toggle_controls()  # the form mounts over the next moments...
        app.action_next_activation()  # ...while a frame with new settings comes

        def shows_tanh() -> bool:
            chosen = panel.query("#activation")
            return bool(chosen) and chosen.first(Select).value == "tanh"

        await wait_until(pilot, shows_tanh)
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "activation")
        await pilot.press("c")
        app.change(activation="sigmoid")  # back to the settings the app started with
        await wait_for(pilot, lambda s: s.config == RunConfig())

        # c opens and closes it; Tab walks it.
        assert not panel.display
        await pilot.press("c")
        assert panel.display
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "activation")
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "regularisation"
        assert "scratchnet-tui" in widget_text(panel.query_one("#command-line"))
        await pilot.press("c")
        assert not panel.display

        # Settings apply live, or with a reset.
        await pilot.press("n", "n", "c")
        await wait_for(pilot, lambda s: s.step == 2)
        panel.query_one("#regularisation", Select).value = "l2"
        snapshot = await wait_for(pilot, lambda s: s.config.regularisation == "l2")
        assert snapshot.step == 2, "regularisation applies without a reset"
        assert app.session.run.trainer.regularisation == "l2"
        hidden = panel.query_one("#hidden", Input)
        hidden.focus()
        hidden.value = "8,8"
        await pilot.press("enter")
        snapshot = await wait_for(pilot, lambda s: s.config.hidden == (8, 8))
        assert snapshot.step == 0, "a new architecture starts again"
        line = widget_text(panel.query_one("#command-line"))
        assert "--hidden 8,8" in line and "--reg l2" in line

        app.change(regularisation="none", hidden=(4,))  # back to the settings it started with
        await wait_for(pilot, lambda s: s.config == RunConfig())

        def refusal(field: str) -> str:
            """What the line under a field says (it is made the first time it has a reason)."""
            lines = panel.query(f"#error-{field}")
            return widget_text(lines.first()) if lines else ""

        # Bad values are refused with the reason, and change nothing.
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
            await wait_until(pilot, lambda field=field, reason=reason: reason in refusal(field))
        assert app.session.config == RunConfig()
        panel.query_one("#feature-x", Checkbox).value = False
        await wait_for(pilot, lambda s: s.config.features == ("y",))
        panel.query_one("#feature-y", Checkbox).value = False  # the last one: refused
        await wait_until(pilot, lambda: "at least one feature" in refusal("features"))
        await wait_for(pilot, lambda s: s.config.features == ("y",))
        assert panel.query_one("#feature-y", Checkbox).value


def palette_text(app: ScratchnetApp) -> str:
    """What the command palette lists now (its first hit first)."""
    return " ".join(widget_text(hits) for hits in app.screen.query("CommandList"))


async def test_command_palette_offers_every_setting() -> None:
    app = paused_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 0)
        with case("noise 10 on the grid, as the README shows it: found, saying why not"):
            await pilot.press("ctrl+p")
            keys_together(pilot, "noise 10")  # in one burst: no search settled per key
            why = "the grid dataset does not use it; xor, gauss and spiral do"
            await wait_until(pilot, lambda: f"Noise: 10%: {why}" in palette_text(app))
            await pilot.press("enter")
            await wait_for_notice(pilot, f"Noise: {why}")
            assert app.config.noise == 0 and app.config.dataset_name == "grid"
        await pilot.press("ctrl+p")
        keys_together(pilot, "dataset spiral")
        await wait_until(pilot, lambda: "Dataset: spiral" in palette_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda s: s.config.dataset_name == "spiral")
        await pilot.press("ctrl+p")
        keys_together(pilot, "feature toggle x²")
        await wait_until(pilot, lambda: "Feature: toggle x²" in palette_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda s: "x2" in s.config.features)


def test_every_setting_has_palette_commands() -> None:
    from scratchnet.settings import SETTINGS
    from tui.keys.command_palette import palette_entries

    titles = [entry.title for entry in palette_entries()]
    for setting in SETTINGS:
        if setting.choices or setting.name in ("learning_rate", "features"):
            assert any(t.startswith(setting.label) or setting.name == "features" for t in titles)
    assert "Dataset: xor" in titles and "Activation: relu" in titles
    assert "Regularisation: l2" in titles and "Noise: 25%" in titles
    assert "Feature: toggle sin x" in titles and "Learning rate: 0.3" in titles
