"""The network's building blocks: sigmoid, seeding, shapes, the picture sampler."""

import math
import random

import pytest

from scratchnet import Network, Trainer, predict_grid
from scratchnet.activations import sigmoid, sigmoid_slope
from scratchnet.datasets import grid


def test_sigmoid_never_raises_and_saturates() -> None:
    assert sigmoid(1e6) == 1.0
    assert sigmoid(-1e6) == 0.0
    assert sigmoid(-709.0) > 0.0  # still the tutorial's formula just above the overflow
    assert sigmoid(0.0) == 0.5
    assert sigmoid(2.0) == 1 / (1 + math.exp(-2.0))
    assert sigmoid_slope(sigmoid(0.0)) == 0.25  # the slope at z = 0, from the output there
    assert sigmoid_slope(sigmoid(-1e6)) == 0.0


def test_network_uses_its_own_random_generator() -> None:
    random.seed(123)
    state = random.getstate()
    first = Network(2, [4], seed=5).parameters()
    assert random.getstate() == state, "building a network must not touch the global random"
    random.seed(999)
    assert Network(2, [4], seed=5).parameters() == first
    assert Network(2, [4], seed=6).parameters() != first


def test_shapes() -> None:
    network = Network(2, [5, 3], seed=0)
    assert [len(layer) for layer in network.layers] == [5, 3, 1]
    assert [len(layer[0].weights) for layer in network.layers] == [2, 5, 3]
    assert len(Network(2, [], seed=0).layers) == 1
    with pytest.raises(ValueError):
        Network(2, [0])


def test_grid_density() -> None:
    assert len(grid(4)) == 25
    assert grid(4)[12] == (0.0, 0.0, 1.0)
    with pytest.raises(ValueError):
        grid(0)


def test_predict_grid_samples_cell_centres_top_row_first() -> None:
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, grid(), 10)
    for _ in range(300):
        trainer.step()
    surface = predict_grid(network, 4, 2)
    assert len(surface) == 2 and all(len(row) == 4 for row in surface)
    # Cell centres of a 4x2 grid over [-2, 2]²: x = -1.5, -0.5, 0.5, 1.5; y = 1, -1.
    assert surface[0][0] == network.forward([-1.5, 1.0])
    assert surface[1][3] == network.forward([1.5, -1.0])
    centre = predict_grid(network, 1, 1)[0][0]
    assert centre == network.forward([0.0, 0.0]) and centre > 0.5
    corner = predict_grid(network, 9, 9)[0][0]
    assert corner < 0.5
    with pytest.raises(ValueError):
        predict_grid(network, 0, 3)
