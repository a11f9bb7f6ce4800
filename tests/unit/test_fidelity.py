"""With seed 0, hidden [4] and learning rate 10, scratchnet is the tutorial, number for number."""

import math
from typing import Any

import pytest

from scratchnet import Network, Trainer, compiled
from scratchnet.datasets import grid


def close(a: float, b: float, rel: float = 1e-12) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)


def weights_of(network: Network) -> list[list[dict[str, Any]]]:
    return [[{"weights": n.weights, "bias": n.bias} for n in layer] for layer in network.layers]


def test_dataset_is_the_tutorials_grid(tutorial_run: dict[str, Any]) -> None:
    assert [list(sample) for sample in grid()] == tutorial_run["dataset"]
    assert len(grid()) == 121
    assert grid()[:2] == [(-2.0, -2.0, 0.0), (-2.0, -1.6, 0.0)]


def test_initial_weights_and_untrained_output(tutorial_run: dict[str, Any]) -> None:
    network = Network(2, [4], seed=0)
    assert weights_of(network) == tutorial_run["initial_weights"]
    assert network.forward([0, 0]) == tutorial_run["untrained_forward_at_origin"]
    assert close(network.forward([0, 0]), 0.5588236746843033)


@pytest.mark.parametrize("written_out", [False, True], ids=["neurons as written", "compiled"])
def test_every_loss_and_the_final_weights_match(
    tutorial_run: dict[str, Any], written_out: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The neurons of neuron.py as they are written, and their arithmetic written out as
    # straight-line Python (compiled.py, what the trainer runs for a network this small).
    if not written_out:
        monkeypatch.setattr(compiled, "LARGEST", 0)
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, grid(), learning_rate=10)
    losses = [trainer.step() for _ in range(2000)]
    expected = tutorial_run["loss_per_step"]
    assert len(expected) == 2000
    mismatched = [i + 1 for i, (a, b) in enumerate(zip(losses, expected)) if not close(a, b)]
    assert mismatched == [], f"steps whose loss differs: {mismatched[:10]}"
    assert list(trainer.losses) == losses
    assert trainer.steps == 2000
    for layer, expected_layer in zip(network.layers, tutorial_run["trained_weights"]):
        for neuron, expected_neuron in zip(layer, expected_layer):
            assert close(neuron.bias, expected_neuron["bias"])
            assert all(map(close, neuron.weights, expected_neuron["weights"]))
    assert close(network.forward([0, 0]), tutorial_run["trained_forward_at_origin"])
