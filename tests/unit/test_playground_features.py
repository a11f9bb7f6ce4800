"""Input features: x, y, x², y², xy, sin x, sin y, and what they let a network learn."""

import math

import pytest

from scratchnet import Network, Trainer, predict_grid
from scratchnet.config import RunConfig
from scratchnet.datasets import grid
from scratchnet.features import DEFAULT_FEATURES, FEATURES, LABELS, check_features, expand


def test_each_feature_value() -> None:
    x, y = 0.7, -1.3
    assert expand(x, y, ["x", "y", "x2", "y2", "xy", "sinx", "siny"]) == [
        0.7,
        -1.3,
        0.7 * 0.7,
        (-1.3) * (-1.3),
        0.7 * -1.3,
        math.sin(0.7),
        math.sin(-1.3),
    ]
    assert expand(x, y, ["y2", "x"]) == [1.3 * 1.3, 0.7], "in the order asked for"
    assert expand(x, y, DEFAULT_FEATURES) == [x, y], "the tutorial's inputs"
    assert set(LABELS) == set(FEATURES) and LABELS["x2"] == "x²"


@pytest.mark.parametrize("names", [[], ["z"], ["x", "x"], ["X"]])
def test_bad_feature_lists_raise(names: list[str]) -> None:
    with pytest.raises(ValueError):
        check_features(names)


def test_check_features_gives_a_tuple() -> None:
    assert check_features(["x2", "y2"]) == ("x2", "y2")


def test_one_neuron_learns_the_circle_from_x2_and_y2() -> None:
    # x² + y² < 1 is a straight line in (x², y²): no hidden layer needed.
    config = RunConfig(hidden=(), features=("x2", "y2"), learning_rate=10)
    trainer = config.trainer()
    assert len(trainer.network.layers) == 1 and len(trainer.network.layers[0]) == 1
    for _ in range(1000):
        trainer.step()
    assert trainer.train_accuracy() == 1.0
    assert trainer.loss < 0.02
    # Without those features the same single neuron can only draw a straight line in (x, y).
    plain = RunConfig(hidden=(), learning_rate=10).trainer()
    for _ in range(1000):
        plain.step()
    assert plain.train_accuracy() < 0.9
    assert plain.loss > 0.1


def test_the_trainer_and_the_surface_use_the_run_features() -> None:
    features = ("x", "y", "x2", "y2", "xy", "sinx", "siny")
    network = Network(len(features), [3], seed=1)
    trainer = Trainer(network, grid(4), 1.0, features=features)
    assert trainer.features == features
    assert trainer.predict(0.5, -1.5) == network.forward(expand(0.5, -1.5, features))
    surface = predict_grid(network, 4, 2, features=features)
    assert surface[0][0] == network.forward(expand(-1.5, 1.0, features))
    assert surface[1][3] == trainer.predict(1.5, -1.0)


def test_features_must_match_the_network_inputs() -> None:
    with pytest.raises(ValueError, match="3 features for a network of 2 inputs"):
        Trainer(Network(2, [4]), grid(), 10, features=("x", "y", "xy"))
    with pytest.raises(ValueError, match="1 features for a network of 2 inputs"):
        predict_grid(Network(2, [4]), 3, 3, features=("x",))
    with pytest.raises(ValueError):
        Trainer(Network(2, [4]), grid(), 10, features=("x", "nope"))
