"""The gradient check's notice: an undefined comparison is shown as such, never as exact."""

import math

from scratchnet import Network
from scratchnet.datasets import grid
from scratchnet.gradcheck import TOO_LARGE, gradient_check
from tui.drawing.gradient_text import gradient_text
from tui.snapshot import GradientReport


def test_a_healthy_check_says_backprop_is_exact() -> None:
    text = gradient_text(GradientReport(0, tuple(gradient_check(Network(2, [4]), grid(10)))))
    assert "backprop is exact" in text and "undefined" not in text


def test_an_undefined_layer_is_shown_with_why_and_no_verdict_is_claimed() -> None:
    network = Network(2, [4], seed=0)
    network.layers[0][0].weights[0] = 1e15
    text = gradient_text(GradientReport(7, tuple(gradient_check(network, grid(10)))))
    assert f"layer 1: undefined ({TOO_LARGE})" in text
    assert "backprop is exact" not in text and "MISMATCH" not in text
    assert "UNDEFINED" in text
    assert "nan" not in text


def test_a_nan_run_is_not_called_exact() -> None:
    network = Network(2, [4], seed=0)
    network.layers[1][0].bias = math.nan
    text = gradient_text(GradientReport(7, tuple(gradient_check(network, grid(10)))))
    assert "backprop is exact" not in text and "undefined" in text
