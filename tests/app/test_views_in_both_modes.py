"""Every view in both modes: the tutorial's run and a TensorFlow Playground run, each shown,
looked into, edited, rewound and kept in its own arithmetic, through the same keys.

Each test runs once per mode (the `mode` fixture, tests/app/conftest.py); each walks one app
through several views, as an app costs a few tenths of a second of CPU to start.
"""

import csv
import math
from pathlib import Path

import pytest
from textual.screen import Screen

from harness.pilot import (
    case,
    keys_together,
    notices_shown,
    status_line,
    wait_for,
    wait_for_notice,
    wait_until,
    widget_text,
)
from scratchnet.modes import open_run
from scratchnet.playground import PlaygroundState
from tests.app.conftest import MODES, PLAYGROUND_URL, Mode
from tui.app import ScratchnetApp
from tui.drawing.diagram_cursor import Link, Node
from tui.screens.input_dialog import InputDialog
from tui.snapshot import Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.key_footer import shown_keys
from tui.widgets.network_diagram import NetworkDiagram
from tui.widgets.prediction_grid import PredictionGrid
from tui.widgets.probe_panel import ProbePanel, loss_number, number

SIZE = (80, 24)  # where SSH sessions open: every view works there, in 2/5 of 120x40's cells
WIDE = (120, 24)  # room on the status line for the speed in the run's unit, in 3/5 the cells


def palette_text(app: ScratchnetApp) -> str:
    return " ".join(widget_text(hits) for hits in app.screen.query("CommandList"))


async def test_the_status_line_panel_palette_dialog_and_key_line_speak_the_runs_terms(
    mode: Mode,
) -> None:
    app = mode.app(3)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 3 and s.train_accuracy is not None)

        with case("the status line counts the run's own steps"):
            straight = mode.straight(3)
            status = status_line(app)
            assert f"{mode.unit} 3 " in status and f"{mode.unit}s/s" in status
            assert f"loss {straight.loss:.4f}" in status

        with case("the key line shows the keys that act, and only those"):
            footer = [label for _, label, _, enabled, _ in shown_keys(app.screen) if enabled]
            for label in ["Neurons", "Probe", "Diagram", "Check", "Save", "Open", "Export"]:
                assert label in footer, label
            keys = app.screen.active_bindings
            assert ("u" in keys) == (snapshot.url is not None), "u: a run with a URL only"

        with case("the panel lists the run's own settings"):
            await pilot.press("c")
            panel = app.query_one(ControlsPanel)
            await wait_until(pilot, lambda: bool(panel.query("#command-line")))
            labels = {label.id for label in panel.query("Label") if label.id}
            assert {f"label-{s.name}" for s in snapshot.table} <= labels
            command_line = widget_text(panel.query_one("#command-line"))
            assert "".join(command_line.split()) == "".join(snapshot.repeat.split())
            await pilot.press("c")

        with case("the palette offers the run's own values"):
            await pilot.press("ctrl+p")
            keys_together(pilot, "learning rate: 0.3")  # in one burst: no search settled per key
            await wait_until(pilot, lambda: "Learning rate: 0.3" in palette_text(app))
            await pilot.press("enter")
            await wait_for(pilot, lambda s: s.learning_rate == 0.3 and s.step == 3)

        with case("l checks a typed rate by the run's own rule"):
            await pilot.press("l", *"0.5", "enter")
            if mode.name == "playground":  # not one of the Playground's rates: refused there
                assert isinstance(app.screen, InputDialog), "the dialog stays, saying why"
                await wait_until(
                    pilot, lambda: "must be one of" in widget_text(app.screen.query_one("#reason"))
                )
                await pilot.press("escape")
                assert app.session.config.learning_rate == 0.3
            else:
                await wait_for(pilot, lambda s: s.learning_rate == 0.5)

        with case("t and x change the run's view, and a URL keeps it"):
            grid = app.query_one(PredictionGrid)
            shown = app.session.run.view.show_test_data  # the Playground's start: hidden
            await wait_until(pilot, lambda: ("○" in widget_text(grid)) == shown)
            await pilot.press("t", "x")
            await wait_for(pilot, lambda s: s.view.show_test_data != shown and s.view.discretize)
            await wait_until(pilot, lambda: ("○" in widget_text(grid)) != shown)
            if mode.name == "playground":
                await pilot.press("u")
                await wait_for_notice(pilot, "playground.tensorflow.org")
                state = PlaygroundState.from_url(app.clipboard)
                assert (state.show_test_data, state.discretize) == (not shown, True)


async def test_neurons_probe_and_gradient_check_are_the_runs_own_numbers(mode: Mode) -> None:
    app = mode.app(20)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 20 and len(s.grid) > 32)
        run = app.session.run
        layers = run.layers()

        with case("i: every neuron's picture, bias and weights"):
            await pilot.press("i")
            snapshot = await wait_for(pilot, lambda s: len(s.neurons) > 0)
            assert len(snapshot.neurons) == sum(len(layer.biases) for layer in layers)
            for picture in snapshot.neurons:
                layer = layers[picture.layer]
                assert picture.bias == layer.biases[picture.index]
                assert picture.weights == layer.weights[picture.index]
            await pilot.press("enter")
            await wait_for(pilot, lambda s: s.shown_neuron == (0, 0))
            assert "neuron 1.1" in str(app.query_one(PredictionGrid).border_title)
            keys_together(pilot, ["escape", "escape"])  # in one burst: both steps back
            await wait_for(pilot, lambda s: s.shown_neuron is None and not s.neurons)

        with case("p on a training point: its forward and backward pass, in the run's loss"):
            await pilot.press("p")
            await wait_for(pilot, lambda s: s.probe is not None)
            grid = app.query_one(PredictionGrid)
            x, y, _ = run.train_points[0]  # somewhere else than the centre, where p starts
            assert grid.cell_of(x, y) != grid.cursor
            grid.cursor = grid.cell_of(x, y)
            app._probe_cursor()

            def probed_there(s: Snapshot) -> bool:
                here = s.probe is not None and grid.cell_of(s.probe.x, s.probe.y) == grid.cursor
                return here and s.probe is not None and s.probe.backward is not None

            seen = await wait_for(pilot, probed_there)
            assert seen.probe is not None and seen.probe.backward is not None
            point = (seen.probe.x, seen.probe.y)
            target = next(t for px, py, t in run.train_points if (px, py) == point)
            assert seen.probe == run.backward(*point, target)
            text = widget_text(app.query_one(ProbePanel))
            assert f"training point, target {target:g}" in text
            assert loss_number(seen.probe.backward.loss) in text
            assert number(seen.probe.backward.layers[0][0].d_z) in text
            half = "½ (f - target)²" in text
            assert half == (mode.name == "playground"), "the Playground's loss is ½ (f - t)²"
            await pilot.press("p")
            await wait_for(pilot, lambda s: s.probe is None)

        with case("g: backprop against finite differences, in the run's own loss"):
            await pilot.press("g")
            await wait_until(pilot, lambda: app.gradient_report is not None, timeout=30)
            assert app.gradient_report is not None
            assert max(check.max_error for check in app.gradient_report.layers) < 1e-6
            shown = await wait_for_notice(pilot, "backprop is exact")
            at = f"{mode.unit.capitalize()} {app.gradient_report.step}: backprop against"
            assert at in shown, "in the run's own unit: a Playground run counts epochs"
        assert run.parameters() == mode.straight(20).parameters(), "looking changed nothing"


async def test_the_diagram_draws_and_edits_the_runs_network(mode: Mode) -> None:
    app = mode.app(40)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 40)
        rules = app.session.run.shape_rules
        await pilot.press("v")
        diagram = app.query_one(NetworkDiagram)
        frame = await wait_for(pilot, lambda s: s.diagram is not None)
        assert frame.diagram is not None
        layers = app.session.run.layers()
        assert frame.diagram.weights == tuple(layer.weights for layer in layers)

        with case("dead links are drawn as such (the Playground's L1)"):
            dead = any(True in row for layer in layers for row in layer.dead)
            assert dead == (mode.name == "playground")
            if dead:
                await wait_until(pilot, lambda: "dead (L1)" in widget_text(diagram))

        with case("Enter on a bias types it exactly"):
            assert diagram.chosen() == Node(1, 0)
            await pilot.press("enter", *"0.5", "enter")
            await wait_for(pilot, lambda s: s.diagram is not None and s.diagram.biases[0][0] == 0.5)
            assert app.session.run.layers()[0].biases[0] == 0.5
            assert app.session.run.steps == 40, "an edit is not a reset"

        with case("Enter on a link types its weight"):
            await pilot.press("left")  # from the node onto a link into it
            chosen = diagram.chosen()
            assert isinstance(chosen, Link)
            await pilot.press("enter", *"-0.25", "enter")
            await wait_for(
                pilot, lambda s: s.diagram is not None and -0.25 in s.diagram.weights[0][0]
            )

        with case(". and , grow and shrink the cursor's layer, within the run's limits"):
            hidden = getattr(app.session.config, rules.setting)
            await pilot.press("full_stop")
            grown = (hidden[0] + 1, *hidden[1:])
            await wait_for(pilot, lambda s: getattr(s.config, rules.setting) == grown)
            limit = min(rules.most_neurons, 32)
            keys_together(pilot, ["full_stop"] * (limit - grown[0] + 1))  # held down
            await wait_for_notice(pilot, f"1 to {limit} neurons")
            assert getattr(app.session.config, rules.setting)[0] == limit


async def test_the_timeline_looks_back_replays_and_forks_exactly(mode: Mode) -> None:
    app = mode.app(30)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 30)

        with case("j looks back: the numbers are the checkpoint's, the run stays"):
            await pilot.press(*"jjjjj")
            then = await wait_for(pilot, lambda s: s.step == 25)
            straight = mode.straight(25)
            assert (then.loss, then.test_loss) == (straight.loss, straight.test_loss)
            assert then.timeline is not None and then.timeline.last == 30
            assert "looking" in status_line(app)  # "looking back from ...", as far as it fits
            assert app.session.run.steps == 30

        with case("n goes on from there, exactly as the run went on the first time"):
            await pilot.press(*"nnnnn")
            now = await wait_for(pilot, lambda s: s.step == 30 and s.timeline.shown is None)  # type: ignore[union-attr]
            straight = mode.straight(30, straight)  # the one at step 25, on to 30
            assert app.session.run.parameters() == straight.parameters()
            assert list(app.session.run.losses().train) == list(straight.losses().train)
            assert app.session.run.state() == straight.state(), "carried-over sums, dead links"
            assert now.ghost is not None and now.ghost[0] == "before fork at step 25"

        with case("R replays the run from its start at the speed set, without training"):
            await pilot.press(*["less_than_sign"] * 6)  # 2 or 1 a second: 15 s or more of replay
            await wait_for(pilot, lambda s: s.speed <= 2)
            await pilot.press("R")
            await wait_for(pilot, lambda s: s.state == "replaying")
            await pilot.press("space")  # stops it where it is
            stopped = await wait_for(pilot, lambda s: s.state == "paused")
            assert stopped.step < 30 and app.session.run.steps == 30


async def test_save_open_and_export_keep_the_run_exactly(
    mode: Mode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = mode.app(12)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 12)
        url = app.session.run.url

        with case("w saves the run"):
            await pilot.press("w", "enter")  # the suggested scratchnet-run.json
            await wait_for_notice(pilot, f"Saved: {mode.unit} 12")
            await pilot.press("escape")  # the path stays until dismissed

        with case("o opens it again, and it goes on as the straight run"):
            await pilot.press(*"nnn")
            await wait_for(pilot, lambda s: s.step == 15)
            await pilot.press("o", "enter")
            await wait_for_notice(pilot, f"{mode.unit} 12")
            await wait_for(pilot, lambda s: s.step == 12)
            await pilot.press(*"nnnn")
            await wait_for(pilot, lambda s: s.step == 16)
            straight = mode.straight(16)
            assert app.session.run.state() == straight.state()
            assert app.session.run.url == (None if url is None else straight.url)

        with case("e exports the losses, a row a step"):
            app.clear_notifications()
            await wait_until(pilot, lambda: not notices_shown(app))
            await pilot.press("e", "enter")
            await wait_for_notice(pilot, "Exported the losses")
    rows = list(csv.reader((tmp_path / "scratchnet-losses.csv").read_text().splitlines()))
    losses = straight.losses()
    assert len(rows) == 1 + len(losses.train)
    assert float(rows[-1][1]) == losses.train[-1] and not math.isnan(float(rows[-1][2]))
    assert open_run(tmp_path / "scratchnet-run.json").state() == mode.straight(12).state()


async def test_a_playground_url_that_hides_the_test_points_hides_them_and_t_says_so() -> None:
    hidden = PlaygroundState.from_url(PLAYGROUND_URL + "&showTestData=false&discretize=true")
    app = ScratchnetApp(hidden, paused=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: len(s.grid) > 32)
        grid = app.query_one(PredictionGrid)
        await wait_until(pilot, lambda: "●" in widget_text(grid))
        assert "○" not in widget_text(grid), "showTestData=false: no rings"
        assert grid.discrete, "discretize=true: two colours"
        await pilot.press("t")
        await wait_until(pilot, lambda: "○" in widget_text(grid))
        await pilot.press("u")
        await wait_for_notice(pilot, "playground.tensorflow.org")
        assert "showTestData=true" in app.clipboard and "discretize=true" in app.clipboard


async def test_o_opens_a_run_of_the_other_kind_and_every_view_follows(tmp_path: Path) -> None:
    saved = MODES["playground"].straight(7)
    saved.save(str(tmp_path / "playground.json"))
    app = MODES["tutorial"].app(3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda s: s.step == 3)
        await pilot.press("c")
        panel = app.query_one(ControlsPanel)
        await wait_until(pilot, lambda: bool(panel.query("#label-density")))
        await pilot.press("c", "o")
        app.screen.query_one("#value").value = str(tmp_path / "playground.json")  # type: ignore[attr-defined]
        await pilot.press("enter")
        opened = await wait_for(pilot, lambda s: s.unit == "epoch" and s.step == 7)
        assert opened.url == saved.url and opened.domain.high == 6.0
        assert "epoch 7 " in status_line(app)
        await wait_until(pilot, lambda: bool(panel.query("#label-network_shape")))
        assert not panel.query("#label-density"), "the panel is the Playground's now"
        assert "u" in app.screen.active_bindings, "u acts now: the run has a URL"
        await pilot.press("n")
        await wait_for(pilot, lambda s: s.step == 8)
        assert app.session.run.state() == MODES["playground"].straight(8, saved).state()


async def test_the_palette_lists_the_runs_settings_before_textuals_own_commands(
    mode: Mode,
) -> None:
    """ctrl+p then Enter always does the same: it set a setting or opened Textual's Keys panel
    (which Esc does not close), as the palette's providers, a set, came in either order."""
    app = mode.app()
    async with app.run_test(size=SIZE) as pilot:
        snapshot = await wait_for(pilot, lambda s: s.step == 0)
        await pilot.press("ctrl+p")
        table = snapshot.table[0]
        first = f"{table.label}: {table.choice_label(table.offered()[0])}{table.unit}"

        def listed_first() -> str:
            lines = [line.strip() for line in palette_text(app).splitlines() if line.strip()]
            return lines[0] if lines else ""

        await wait_until(pilot, lambda: listed_first() == first)
        # The palette adds what it finds in batches: the last one too, once its search is done.
        await wait_until(pilot, lambda: searched(app.screen))
        assert listed_first() == first


def searched(palette: Screen[object]) -> bool:
    """Whether the palette's search is over: every batch of what it found is listed."""
    searches = [worker for worker in palette.workers if worker.node is palette]
    return palette.has_class("-ready") and all(worker.is_finished for worker in searches)
