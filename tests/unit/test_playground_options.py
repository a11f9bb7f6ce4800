"""RunConfig and the options of `scratchnet train` for the Playground settings."""

import math
from typing import Any

import pytest

from scratchnet import Network, Trainer, cli
from scratchnet.config import RunConfig
from scratchnet.datasets import grid, split, xor
from scratchnet.options import run_config
from scratchnet.settings import SETTING

EVERYTHING = RunConfig(
    hidden=(8, 8, 8, 8, 8, 8),
    learning_rate=0.03,
    seed=2,
    dataset_name="spiral",  # so no density: the grid's only (see test_settings_a_dataset_ignores)
    points=321,
    noise=12.5,
    data_seed=9,
    train_ratio=60.0,
    features=("x2", "y2", "sinx"),
    activation="relu",
    regularisation="l1",
    regularisation_rate=0.003,
    batch_size=16,
)


def parsed(*words: str) -> RunConfig:
    return run_config(cli.build_parser().parse_args(["train", *words]))


def test_the_default_run_is_the_tutorials(tutorial_run: dict[str, Any]) -> None:
    config = RunConfig()
    assert parsed() == config and config.options() == []
    trainer = config.trainer()
    assert trainer.dataset == grid() and trainer.test_set == []
    assert trainer.features == ("x", "y") and trainer.batch_size is None
    assert trainer.regularisation == "none"
    assert trainer.network.parameters() == Network(2, [4], seed=0).parameters()
    steps = [trainer.step() for _ in range(50)]
    assert steps == tutorial_run["loss_per_step"][:50]


def test_every_setting_round_trips_through_the_options() -> None:
    words = EVERYTHING.options()
    for option in ["--dataset", "--points", "--noise", "--data-seed", "--train-ratio"]:
        assert option in words
    for option in ["--features", "--activation", "--reg", "--reg-rate", "--batch-size"]:
        assert option in words
    assert parsed(*words) == EVERYTHING
    assert parsed(*RunConfig(density=7).options()) == RunConfig(density=7)
    assert parsed("--batch-size", "full") == RunConfig()
    assert RunConfig(dataset_name="xor", noise=12.5).options() == [
        "--dataset",
        "xor",
        "--noise",
        "12.5",
    ]
    assert RunConfig(features=("y", "x")).options() == ["--features", "y,x"]


def test_the_config_builds_the_run_it_describes() -> None:
    trainer = EVERYTHING.trainer()
    network = trainer.network
    assert network.num_inputs == 3 and network.hidden_shapes == [8] * 6
    assert network.activation == "relu" and network.seed == 2
    assert trainer.features == ("x2", "y2", "sinx")
    assert trainer.learning_rate == 0.03 and trainer.batch_size == 16
    assert (trainer.regularisation, trainer.regularisation_rate) == ("l1", 0.003)
    train, test = split(EVERYTHING.dataset(), 60.0, 9)
    assert (trainer.dataset, trainer.test_set) == (train, test)
    assert len(train) == 192 and len(test) == 129
    trainer.step()
    assert trainer.test_loss is not None and math.isfinite(trainer.test_loss)
    xor_run = RunConfig(dataset_name="xor", points=50, noise=20, data_seed=4)
    assert xor_run.dataset() == xor(50, 20, 4)
    assert RunConfig(density=4, points=3).dataset() == grid(4), "the grid ignores points"


def test_validators_accept_good_values() -> None:
    assert SETTING["noise"].parse(" 50 ") == 50.0
    assert SETTING["train_ratio"].parse("10") == 10.0
    assert SETTING["features"].parse("X, y2") == ("x", "y2")
    assert SETTING["batch_size"].parse("FULL") is None
    assert SETTING["batch_size"].parse("1") == 1
    assert SETTING["regularisation_rate"].parse("0") == 0.0
    assert SETTING["learning_rate"].parse(" 0.3 ") == 0.3
    with pytest.raises(ValueError, match="reg rate must be a finite number, 0 or more"):
        SETTING["regularisation_rate"].parse("-0.1")


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--dataset", "moons", "dataset must be one of grid, xor, gauss, spiral"),
        ("--noise", "60", "between 0 and 50"),
        ("--noise", "-1", "between 0 and 50"),
        ("--noise", "nan", "between 0 and 50"),
        ("--noise", "lots", "noise must be a number"),
        ("--points", "0", "between 1 and 1000000"),
        ("--points", "1.5", "whole number"),
        ("--data-seed", "x", "data seed must be a whole number"),
        ("--train-ratio", "5", "between 10 and 100"),
        ("--train-ratio", "100.5", "between 10 and 100"),
        ("--train-ratio", "nan", "between 10 and 100"),
        ("--features", "", "at least one"),
        ("--features", "x,z", "comma-separated names from x,y,x2,y2,xy,sinx,siny"),
        ("--features", "x,,y", "comma-separated names"),
        ("--features", "x,y,x", "listed once"),
        ("--activation", "softmax", "activation must be one of sigmoid, tanh, relu, linear"),
        ("--reg", "l3", "reg must be one of none, l1, l2"),
        ("--reg-rate", "-1", "0 or more"),
        ("--reg-rate", "nan", "finite number"),
        ("--reg-rate", "inf", "finite number"),
        ("--reg-rate", "x", "reg rate must be a number"),
        ("--batch-size", "0", "1 or more"),
        ("--batch-size", "-4", "1 or more"),
        ("--batch-size", "ten", "whole number"),
        ("--hidden", "32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32", "at most 16"),
    ],
)
def test_bad_values_get_one_line_and_status_2(
    option: str, value: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", f"{option}={value}"])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert reason in err
    assert err.startswith("scratchnet train: error: argument")


def test_a_deep_network_of_six_layers_of_32_trains() -> None:
    config = parsed("--hidden", "32,32,32,32,32,32", "--activation", "tanh", "--lr", "0.1")
    trainer: Trainer = config.trainer()
    assert [len(layer) for layer in trainer.network.layers] == [32] * 6 + [1]
    first = trainer.step()
    assert trainer.step() < first
