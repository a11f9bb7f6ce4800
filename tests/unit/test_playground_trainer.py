"""The trainer's Playground settings: mini-batches and epochs, a test set, accuracy, blow-ups."""

import math

import pytest

from scratchnet import Network, Trainer
from scratchnet.batches import Batches
from scratchnet.config import RunConfig
from scratchnet.datasets import grid, split, xor


def losses(trainer: Trainer, steps: int) -> list[float]:
    return [trainer.step() for _ in range(steps)]


def test_full_batch_counts_one_epoch_per_step() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 10)
    assert trainer.epoch == 0
    losses(trainer, 5)
    assert trainer.epoch == trainer.steps == 5


def test_a_batch_as_big_as_the_data_is_the_tutorials_full_batch() -> None:
    tutorial = losses(Trainer(Network(2, [4], seed=0), grid(), 10), 30)
    for size in (121, 1000):
        trainer = Trainer(Network(2, [4], seed=0), grid(), 10, batch_size=size)
        assert losses(trainer, 30) == tutorial
        assert trainer.epoch == 30


def test_an_epoch_hands_out_every_point_once_in_a_new_order_each_time() -> None:
    batches = Batches(23, seed=5)
    epochs = []
    for _ in range(3):
        sizes, seen = [], []
        while True:
            batch = batches.next_batch(5)
            sizes.append(len(batch))
            seen += batch
            if batches.position == 0:
                break
        assert sizes == [5, 5, 5, 5, 3], "the last batch takes what is left"
        assert sorted(seen) == list(range(23))
        epochs.append(seen)
    assert batches.epoch == 3
    assert epochs[0] != list(range(23)), "the first epoch is shuffled too"
    assert epochs[0] != epochs[1] != epochs[2]
    again = Batches(23, seed=5)
    assert [again.next_batch(5) for _ in range(5)] == [
        epochs[0][i : i + 5] for i in range(0, 23, 5)
    ]
    assert Batches(23, seed=6).next_batch(23) != epochs[0]
    with pytest.raises(ValueError):
        batches.next_batch(0)


def test_mini_batch_steps_and_epochs() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 1, batch_size=10)  # 121 points
    losses(trainer, 12)
    assert (trainer.steps, trainer.epoch) == (12, 0)
    trainer.step()  # the 13th batch holds the one point left
    assert (trainer.steps, trainer.epoch) == (13, 1)
    losses(trainer, 13)
    assert (trainer.steps, trainer.epoch) == (26, 2)
    assert len(trainer.losses) == 26


def test_a_batch_loss_is_the_mean_over_that_batch_before_the_update() -> None:
    network = Network(2, [4], seed=0)
    data = grid()
    trainer = Trainer(network, data, 1, batch_size=3)
    first = Batches(len(data), seed=0).next_batch(3)
    expected = sum((network.forward([data[i][0], data[i][1]]) - data[i][2]) ** 2 for i in first) / 3
    assert trainer.step() == pytest.approx(expected, rel=1e-15)


def test_shuffling_follows_the_seed() -> None:
    def run(network_seed: int, **settings: int) -> list[float]:
        network = Network(2, [4], seed=network_seed)
        return losses(Trainer(network, grid(), 1, batch_size=7, **settings), 40)

    assert run(0) == run(0)
    assert run(0) == run(0, seed=0), "the default shuffle seed is the network's"
    assert run(0) != run(0, seed=1)
    config = RunConfig(batch_size=7, learning_rate=1)
    assert losses(config.trainer(), 40) == run(0)
    assert losses(RunConfig(batch_size=7, learning_rate=1, seed=4).trainer(), 40) == run(4)


def test_the_batch_size_can_change_between_steps() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 1, batch_size=100)
    trainer.step()  # 100 of 121 points: the epoch is under way
    trainer.batch_size = 50
    trainer.step()  # the 21 points left end the epoch
    assert trainer.epoch == 1
    trainer.step()  # 50 points of a new epoch
    trainer.batch_size = None
    trainer.step()  # a full-batch step is a whole epoch; the unfinished one is dropped
    assert (trainer.steps, trainer.epoch) == (4, 2)
    full = Trainer(Network(2, [4], seed=0), grid(), 1)
    trainer.batch_size = 1
    assert trainer.step() != full.step()
    trainer.batch_size = 0
    with pytest.raises(ValueError):
        trainer.step()
    with pytest.raises(ValueError):
        Trainer(Network(2, [4], seed=0), grid(), 1, batch_size=0)


def test_mini_batches_learn_the_circle_too() -> None:
    trainer = RunConfig(batch_size=10, learning_rate=3).trainer()
    losses(trainer, 2000)
    assert trainer.epoch == 2000 // 13
    assert trainer.train_accuracy() > 0.95
    assert trainer.train_loss() < 0.05


def test_without_a_test_set_there_is_no_test_loss() -> None:
    trainer = Trainer(Network(2, [4], seed=0), grid(), 10)
    trainer.step()
    assert trainer.test_loss is None and trainer.test_accuracy() is None
    assert len(trainer.test_losses) == 0


def test_the_test_loss_is_measured_every_step_before_the_update() -> None:
    train, test = split(xor(200, 10.0, 1), 70, seed=1)
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, train, 3, test_set=test)
    assert len(trainer.dataset) == 140 and len(trainer.test_set) == 60
    assert math.isnan(trainer.test_loss or 0.0) and trainer.test_loss is not None
    for _ in range(5):
        expected = sum((network.forward([x, y]) - t) ** 2 for x, y, t in test) / len(test)
        trainer.step()
        assert trainer.test_loss == pytest.approx(expected, rel=1e-15)
    assert len(trainer.test_losses) == len(trainer.losses) == 5
    # The test points take no part in training: the same training set alone trains the same.
    alone = Trainer(Network(2, [4], seed=0), train, 3)
    assert losses(alone, 5) == list(trainer.losses)


def test_accuracy_is_the_share_on_the_right_side_of_one_half() -> None:
    train, test = split(xor(100, 0.0, 2), 50, seed=2)
    network = Network(2, [4], seed=0)
    trainer = Trainer(network, train, 3, test_set=test)

    def share(samples: list[tuple[float, float, float]]) -> float:
        right = sum((network.forward([x, y]) > 0.5) == (t == 1.0) for x, y, t in samples)
        return right / len(samples)

    for _ in range(3):
        trainer.step()
        assert trainer.train_accuracy() == share(train)
        assert trainer.test_accuracy() == share(test)
    mean = sum((network.forward([x, y]) - t) ** 2 for x, y, t in train) / len(train)
    assert trainer.train_loss() == pytest.approx(mean, rel=1e-15)


def test_a_run_with_every_setting_learns_xor() -> None:
    config = RunConfig(
        dataset_name="xor",
        points=200,
        noise=5,
        train_ratio=50,
        features=("x", "y", "xy"),
        hidden=(4,),
        activation="tanh",
        learning_rate=1,
        batch_size=10,
        regularisation="l2",
        regularisation_rate=0.001,
    )
    trainer = config.trainer()
    losses(trainer, 500)
    assert not trainer.diverged
    assert trainer.train_accuracy() > 0.9
    accuracy = trainer.test_accuracy()
    assert accuracy is not None and accuracy > 0.85


@pytest.mark.parametrize("activation", ["relu", "linear"])
def test_relu_and_linear_with_huge_rates_diverge_or_saturate_but_never_raise(
    activation: str,
) -> None:
    # The output neuron is sigmoid: at lr 1e3 it saturates, its slope becomes exactly 0 and the
    # network stops moving, with every number still finite.
    saturated = Trainer(Network(2, [4], seed=0, activation=activation), grid(), 1e3)
    losses(saturated, 100)
    assert not saturated.diverged and math.isfinite(saturated.loss)
    # A rate big enough to overflow the hidden sums makes infinities, then NaN: diverged.
    network = Network(2, [8, 8], seed=0, activation=activation)
    blown = Trainer(network, grid(), 1e200)
    losses(blown, 5)
    assert blown.diverged
    assert blown.steps <= 2 and len(blown.losses) == blown.steps
    frozen = str(network.parameters())
    assert math.isnan(blown.step())
    assert str(network.parameters()) == frozen, "no update once diverged"


@pytest.mark.parametrize(("output", "right"), [(0.45, 3), (0.5, 3), (0.55, 2)])
def test_accuracy_counts_above_one_half_as_class_1(output: float, right: int) -> None:
    network = Network(2, [], seed=0)
    neuron = network.layers[0][0]
    neuron.weights = [0.0, 0.0]
    neuron.bias = math.log(output / (1 - output))  # sigmoid(bias) == output everywhere
    data = [(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 1.0), (1.0, 1.0, 0.0), (1.0, -1.0, 1.0)]
    assert network.forward([0.3, 0.3]) == pytest.approx(output)
    assert Trainer(network, data, 1).train_accuracy() == right / 5


def test_a_test_set_that_turns_to_nan_stops_the_run() -> None:
    # Two linear hidden neurons that cancel on the training points (x = 0) but give
    # inf - inf = NaN on the test point (x = 2): the training numbers are all fine.
    network = Network(2, [2], seed=0, activation="linear")
    (a, b), (output,) = network.layers
    a.weights, b.weights = [1e308, 0.0], [-1e308, 0.0]
    output.weights = [1.0, 1.0]
    train = [(0.0, 0.5, 1.0), (0.0, -0.5, 0.0)]
    trainer = Trainer(network, train, 1.0, test_set=[(2.0, 0.0, 1.0)])
    assert math.isfinite(trainer.step())
    assert trainer.diverged
    assert trainer.steps == 0 and len(trainer.test_losses) == 0
