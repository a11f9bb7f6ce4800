"""The health view's text and the diagnosis line, without a screen: sparklines, per-layer
figures, and a line cut to the width with its cure's keys kept."""

import pytest

from scratchnet.config import RunConfig
from scratchnet.diagnosis import LOWER_RATE, TOO_HIGH, Diagnosis, Watch, findings
from scratchnet.health import measure
from scratchnet.modes import make_run
from tui.drawing.health_figures import health_lines, sparkline
from tui.snapshot import HealthFrame
from tui.widgets.diagnosis_line import cure, fit

SATURATED = Diagnosis(
    "saturated", 1, "the output is 0 for every point (z ≈ -38)", TOO_HIGH, LOWER_RATE, 249, 2
)


def test_a_sparkline_is_a_bar_per_value_the_last_on_the_right() -> None:
    assert sparkline([0.0, 0.5, 1.0], 10, 0.0, 1.0, log=False) == "▁▅█"
    assert sparkline([0.0, 0.5, 1.0], 2, 0.0, 1.0, log=False) == "▅█"
    assert sparkline([1e-6, 1e-3, 1.0, 0.0], 4, 1e-6, 1.0, log=True) == "▁▅█▁"
    assert sparkline([float("nan"), 2.0], 4, 2.0, 2.0, log=True) == " ▅"


@pytest.mark.parametrize("width", [78, 60])  # 60: the narrowest the app draws
def test_the_line_fits_the_width_and_keeps_the_layer_and_the_keys(width: int) -> None:
    line = fit(SATURATED, LOWER_RATE, 2, width)
    assert len(line) <= width
    assert line.startswith("saturated (output): ") and line.endswith("(- lowers it, r restarts)")
    assert fit(SATURATED, LOWER_RATE, 2, 200) == SATURATED.line, "in full when it fits"


def test_in_the_diagram_the_cure_names_l_not_minus() -> None:
    assert cure(SATURATED, "loss") == "- lowers it, r restarts"
    assert cure(SATURATED, "diagram") == "l types a lower one, r restarts"
    line = fit(SATURATED, cure(SATURATED, "diagram"), 2, 78)
    assert line == "saturated (output): learning rate too high (l types a lower one, r restarts)"


def test_the_health_view_shows_each_layers_figures_and_what_is_wrong() -> None:
    run = make_run(RunConfig(learning_rate=100.0, activation="relu", hidden=(4, 2)))
    watch, history = Watch(), []
    for _ in range(3):
        for _ in range(40):
            run.step()
        history.append(measure(run))
        watch.observe(history[-1])
    frame = HealthFrame(40, "step", tuple(history), watch.shown, tuple(findings(history[-1])))
    lines = health_lines(frame, 28)
    assert all(len(line) <= 28 for line in lines)
    text = "\n".join(lines)
    assert lines[0] == "every 40 steps, 3 so far"
    assert "layer 1 relu, 4 neurons" in text and "layer 2 relu, 2 neurons" in text
    assert " dead" in text and "saturated" in text, "relus die; the sigmoid output saturates"
    assert text.count(" gradient") == 3 and text.count(" update/w") == 3
    assert "wrong now:" in text
    assert health_lines(HealthFrame(83), 28) == ["measured every 83 steps:", "nothing measured yet"]
