"""The training loop written out (scratchnet/compiled.py) is the neurons' own, to the last bit."""

import importlib
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from scratchnet import Network, Trainer, compiled, gradcheck
from scratchnet import trainer as trainer_module
from scratchnet.datasets import gauss, grid, spiral, xor
from scratchnet.neuron import Neuron
from scratchnet.regularisation import regulariser_named


@contextmanager
def as_written() -> Iterator[None]:
    """Every network trains through its neurons' forward and backward, as neuron.py writes them."""
    largest = compiled.LARGEST
    compiled.LARGEST = 0
    try:
        yield
    finally:
        compiled.LARGEST = largest


def everything_in(network: Network) -> list[Any]:
    """All each neuron holds, as text, so that NaN equals NaN and -0.0 differs from 0.0."""
    return [
        repr((n.weights, n.bias, n.d_weights, n.d_bias, n.inputs, n.output, n.d_z))
        for layer in network.layers
        for n in layer
    ]


RUNS = {
    "tutorial": {},
    "tanh 8,8,8 xor": {"hidden": [8, 8, 8], "activation": "tanh", "data": xor},
    "relu 6,3 spiral, mini-batches, L1": {
        "hidden": [6, 3],
        "activation": "relu",
        "data": spiral,
        "batch_size": 10,
        "regularisation": "l1",
    },
    "linear 5, every feature, test set, L2": {
        "hidden": [5],
        "activation": "linear",
        "features": ("x", "y", "x2", "y2", "xy", "sinx", "siny"),
        "test": True,
        "regularisation": "l2",
        "learning_rate": 0.3,
    },
    "no hidden layer": {"hidden": []},
    "sigmoid 8x6 at learning rate 1000": {"hidden": [8] * 6, "learning_rate": 1000},
    "relu at 1000 with L2": {
        "hidden": [4],
        "activation": "relu",
        "learning_rate": 1000,
        "regularisation": "l2",
        "regularisation_rate": 0.01,
    },
}


def trainer(
    hidden: tuple[int, ...] = (4,),
    activation: str = "sigmoid",
    data: Any = None,
    features: tuple[str, ...] = ("x", "y"),
    test: bool = False,
    learning_rate: float = 10,
    **settings: Any,
) -> Trainer:
    points = data(points=120, seed=1) if data else grid()
    network = Network(len(features), list(hidden), seed=2, activation=activation)
    training, testing = (points[::2], points[1::2]) if test else (points, [])
    return Trainer(
        network, training, learning_rate, test_set=testing, features=features, **settings
    )


@pytest.mark.parametrize("settings", RUNS.values(), ids=RUNS.keys())
def test_every_step_leaves_every_neuron_as_the_neurons_as_written_do(
    settings: dict[str, Any],
) -> None:
    fast, written = trainer(**settings), trainer(**settings)
    assert compiled.fits(fast.network)
    for _ in range(40):
        loss = fast.step()
        with as_written():
            assert repr(written.step()) == repr(loss)
        assert everything_in(fast.network) == everything_in(written.network)
        assert repr(fast.state()) == repr(written.state())
    for measured in ("train_accuracy", "train_loss", "test_accuracy"):
        value = getattr(fast, measured)()
        with as_written():
            assert repr(getattr(written, measured)()) == repr(value)
        assert everything_in(fast.network) == everything_in(written.network)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("parameter", [600.0, -600.0, 1e308, float("inf"), float("nan")], ids=repr)
def test_sums_beyond_what_exp_can_take_and_numbers_no_longer_finite_give_the_same(
    activation: str, parameter: float
) -> None:
    # Weights of +-600 at points up to 2 away make sums of +-2,400: sigmoid's e^-z overflows
    # there, and its guard answers 0.0. Then infinite and NaN parameters.
    fast = Network(2, [3, 2], seed=0, activation=activation)
    count = len(fast.parameters())
    fast.set_parameters([parameter * (-1) ** i for i in range(count)])
    written = fast.copy()
    points = trainer().dataset
    examples = [([x, y], target) for x, y, target in points]
    fast.zero_grad()
    written.zero_grad()
    loss = compiled.learn_from(fast, examples)
    with as_written():
        assert repr(trainer_module._learn_from(written, examples)) == repr(loss)
    assert everything_in(fast) == everything_in(written)
    measured = compiled.measure(fast, examples)
    with as_written():
        assert repr(trainer_module._measure(written, examples)) == repr(measured)
    assert everything_in(fast) == everything_in(written)
    found = gradcheck.backpropagate(fast, examples, None, 0.0)
    with as_written():
        assert repr(gradcheck.backpropagate(written, examples, None, 0.0)) == repr(found)
    assert everything_in(fast) == everything_in(written)


@pytest.mark.parametrize("settings", RUNS.values(), ids=RUNS.keys())
def test_a_health_measurements_passes_read_what_the_neurons_as_written_hold(
    settings: dict[str, Any],
) -> None:
    # What `gradcheck.backpropagate` reads after each point, and the gradient it leaves.
    run = trainer(**settings)
    for _ in range(5):
        run.step()
    fast, written = run.network, run.network.copy()
    examples = run._samples[:37]
    regulariser = regulariser_named(run.regularisation)
    found = gradcheck.backpropagate(fast, examples, regulariser, run.regularisation_rate)
    with as_written():
        assert repr(
            gradcheck.backpropagate(written, examples, regulariser, run.regularisation_rate)
        ) == repr(found)
    assert everything_in(fast) == everything_in(written)


def test_the_written_code_reads_as_the_neurons_arithmetic() -> None:
    code = compiled.source(Network(2, [4], seed=0))
    assert "z = 0.0 + x0 * w0_0_0 + x1 * w0_0_1 + b0_0" in code
    assert "dz1_0 = d1_0 * (o1_0 * (1 - o1_0))" in code
    assert "d0_3 = 0.0 + w1_0_3 * dz1_0" in code
    compile(code, "<test>", "exec")


def test_a_session_that_tries_shape_after_shape_keeps_the_code_of_the_last_few() -> None:
    compiled._compiled.cache_clear()
    # 8 shapes more than are kept: two small hidden layers each, whose code is quick to write
    # out (40 widths of one layer, up to 40 neurons, took twice as long to show the same).
    shapes = itertools.product(range(1, 9), repeat=2)
    for shape in itertools.islice(shapes, compiled.KEPT_SHAPES + 8):
        network = Network(2, list(shape), seed=0)
        compiled.learn_from(network, [([0.5, -0.5], 1.0)])
    assert compiled._compiled.cache_info().currsize == compiled.KEPT_SHAPES


def test_a_network_too_big_to_write_out_trains_through_its_neurons() -> None:
    network = Network(2, [32, 32], seed=0)
    assert not compiled.fits(network), "1,185 weights and biases"
    compiled._compiled.cache_clear()
    run = Trainer(network, gauss(points=30), 1.0)
    run.step()
    assert run.steps == 1 and compiled._compiled.cache_info().currsize == 0, "nothing written"


def test_passes_replaced_while_the_program_runs_are_the_ones_that_train(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # To try a change to backward, or a test's deliberate mistake for the gradient check.
    backward = Neuron.backward
    calls = []

    def counted(self: Neuron, d_a: float, d_inputs: list[float] | None = None) -> None:
        calls.append(self)
        backward(self, d_a, d_inputs)

    monkeypatch.setattr(Neuron, "backward", counted)
    run = Trainer(Network(2, [4], seed=0), grid(), 10)
    assert not compiled.fits(run.network)
    run.step()
    assert len(calls) == 121 * 5, "each of the 5 neurons, at each of the 121 points"


def test_scratchnet_as_written_trains_every_network_through_its_neurons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # For whoever changes neuron.py itself, and wants to see the change train.
    monkeypatch.setenv("SCRATCHNET_AS_WRITTEN", "1")
    try:
        importlib.reload(compiled)
        assert not compiled.fits(Network(2, [4], seed=0))
    finally:
        monkeypatch.delenv("SCRATCHNET_AS_WRITTEN")
        importlib.reload(compiled)
    assert compiled.fits(Network(2, [4], seed=0))
