"""Every neuron's own picture, laid out like the prediction picture: each value is exactly what
`network.forward` gives at that cell's centre, though both are worked out a layer at a time."""

import pytest

from scratchnet import Network, predict_grid
from scratchnet.features import expand
from scratchnet.neurons_view import feature_grids, neuron_grids
from scratchnet.probe import probe
from scratchnet.surface import cell_centres
from tests.unit.test_inside_untouched import half_way_through_a_step, network_state, train_looking


@pytest.mark.parametrize("hidden", [[], [4], [8, 8], [3, 5, 2]])
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_output_layers_picture_is_predict_grids(hidden: list[int], activation: str) -> None:
    network = Network(2, hidden, seed=3, activation=activation)
    grids = neuron_grids(network, 7, 5)
    assert grids[-1] == [predict_grid(network, 7, 5)]  # exactly, bit for bit


def test_other_features_and_rectangles_too() -> None:
    features = ("x", "y", "x2", "y2", "siny")
    network = Network(len(features), [3], seed=1)
    x_range, y_range = (-1.0, 3.0), (0.0, 0.5)
    grids = neuron_grids(network, 6, 4, x_range, y_range, features)
    assert grids[-1] == [predict_grid(network, 6, 4, x_range, y_range, features)]
    with pytest.raises(ValueError, match="2 features for a network of 5 inputs"):
        neuron_grids(network, 6, 4)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_the_picture_is_forwards_numbers_to_the_last_bit(activation: str) -> None:
    features = ("x", "y", "x2", "xy", "sinx")
    network = Network(len(features), [3, 2], seed=4, activation=activation)
    network.layers[0][0].bias = -800.0  # sigmoid's guard against overflow, on every cell
    network.layers[0][1].weights[2] = float("nan")  # a run that blew up stays blown up
    xs, ys = cell_centres(6, 5)
    expected = [[network.forward(expand(x, y, features)) for x in xs] for y in ys]
    assert repr(predict_grid(network, 6, 5, features=features)) == repr(expected)


def test_shape_is_layer_neuron_row_column() -> None:
    grids = neuron_grids(Network(2, [4, 3], seed=0), 9, 2)
    assert [len(layer) for layer in grids] == [4, 3, 1]
    for layer in grids:
        for picture in layer:
            assert len(picture) == 2
            assert all(len(row) == 9 for row in picture)


def test_every_value_is_that_neurons_output_at_the_cell_centre() -> None:
    network = Network(2, [4, 3], seed=2, activation="tanh")
    grids = neuron_grids(network, 5, 3)
    xs, ys = cell_centres(5, 3)
    for row, y in enumerate(ys):
        for column, x in enumerate(xs):
            seen = probe(network, x, y)
            for depth, outputs in enumerate(seen.activations):
                for index, output in enumerate(outputs):
                    assert grids[depth][index][row][column] == output


def test_row_zero_is_the_top_and_column_zero_the_left() -> None:
    network = Network(2, [2], seed=0)
    looks_up, looks_right = network.layers[0]
    looks_up.weights, looks_up.bias = [0.0, 1.0], 0.0  # output grows with y
    looks_right.weights, looks_right.bias = [1.0, 0.0], 0.0  # output grows with x
    up, right = neuron_grids(network, 4, 3)[0]
    assert [row[0] for row in up] == sorted((row[0] for row in up), reverse=True)
    assert up[0][0] == up[0][3]  # along a row only x changes, which this neuron ignores
    assert right[0] == sorted(right[0])


def test_cell_centres_are_predict_grids() -> None:
    xs, ys = cell_centres(4, 2)
    assert xs == [-1.5, -0.5, 0.5, 1.5]
    assert ys == [1.0, -1.0]
    xs, ys = cell_centres(2, 4, x_range=(0.0, 1.0), y_range=(-1.0, 1.0))
    assert xs == [0.25, 0.75]
    assert ys == [0.75, 0.25, -0.25, -0.75]


def test_drawing_half_way_through_a_step_changes_nothing() -> None:
    network = Network(2, [4, 3], seed=2)
    half_way_through_a_step(network)
    before = network_state(network)
    neuron_grids(network, 8, 4)
    assert network_state(network) == before


def test_training_cannot_tell_it_was_drawn() -> None:
    def look(network: Network) -> None:
        neuron_grids(network, 3, 3)

    assert train_looking(look, [4, 2]) == train_looking(lambda network: None, [4, 2])


def test_a_grid_needs_a_cell() -> None:
    with pytest.raises(ValueError, match="at least one column and one row"):
        neuron_grids(Network(2, [2]), 0, 3)


def test_feature_pictures_are_what_the_network_is_shown() -> None:
    features = ("x", "y", "x2", "y2", "xy", "sinx", "siny")
    grids = feature_grids(features, 5, 3)
    xs, ys = cell_centres(5, 3)
    assert len(grids) == 7
    for row, y in enumerate(ys):
        for column, x in enumerate(xs):
            seen = [grid[row][column] for grid in grids]
            assert seen == expand(x, y, features)
    x_picture, y_picture = grids[0], grids[1]
    assert x_picture[0] == sorted(x_picture[0])  # x grows to the right
    assert [row[0] for row in y_picture] == sorted((row[0] for row in y_picture), reverse=True)


def test_feature_pictures_refuse_unknown_features_and_empty_grids() -> None:
    with pytest.raises(ValueError, match="unknown feature 'z'"):
        feature_grids(("x", "z"), 3, 3)
    with pytest.raises(ValueError, match="at least one column and one row"):
        feature_grids(("x",), 3, 0)
