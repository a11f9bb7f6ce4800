"""`scratchnet train`, run as a user runs it: the installed command in a subprocess."""

import math
import subprocess
from typing import Any

import pytest

from scratchnet import cli
from tests.conftest import installed_command


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_command("scratchnet"), *args], capture_output=True, text=True, timeout=120
    )


def test_no_options_prints_exactly_the_tutorials_lines(tutorial_run: dict[str, Any]) -> None:
    result = run("train")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == tutorial_run["printed_lines"]
    assert result.stdout.splitlines()[0] == "1 0.2919"
    assert result.stdout.splitlines()[-1] == "2000 0.0035"
    assert len(result.stdout.splitlines()) == 21


def test_options_change_the_run() -> None:
    result = run("train", "--steps", "5", "--every", "2", "--lr", "3", "--hidden", "8,8")
    assert result.returncode == 0, result.stderr
    steps = [line.split()[0] for line in result.stdout.splitlines()]
    assert steps == ["1", "2", "4"]
    default_first = run("train", "--steps", "1").stdout
    assert run("train", "--steps", "1", "--seed", "3").stdout != default_first
    assert run("train", "--steps", "1", "--density", "4").stdout != default_first
    assert run("train", "--steps", "0").stdout == ""


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--lr", "abc", "must be a number"),
        ("--lr", "nan", "finite number greater than 0"),
        ("--lr", "inf", "finite number greater than 0"),
        ("--lr", "1e999", "finite number greater than 0"),
        ("--lr", "-1", "finite number greater than 0"),
        ("--lr", "0", "finite number greater than 0"),
        ("--hidden", "0", "1 to 1024 neurons"),
        ("--hidden", "x", "comma-separated whole numbers"),
        ("--hidden", "4,,4", "comma-separated whole numbers"),
        ("--density", "0", "between 1 and 1000"),
        ("--steps", "-1", "0 or more"),
        ("--seed", "x", "whole number"),
        ("--every", "0", "1 or more"),
    ],
)
def test_bad_options_get_one_line_and_status_2(option: str, value: str, reason: str) -> None:
    result = run("train", f"{option}={value}")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_option_and_missing_command_are_one_line() -> None:
    for args in [("train", "--nope"), ()]:
        result = run(*args)
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_diverging_run_reports_the_step_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sigmoid network cannot overflow from options alone (the loss stays in [0, 1]), so we
    # make step 3 produce an infinite weight, as an overflow would.
    real_step = cli.Trainer.step

    def step_that_overflows(self: cli.Trainer) -> float:
        if self.steps == 2:
            self.network.layers[0][0].weights[0] = math.inf
        return real_step(self)

    monkeypatch.setattr(cli.Trainer, "step", step_that_overflows)
    status = cli.main(["train", "--every", "1", "--steps", "10"])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [f"{n} {loss}" for n, loss in [(1, "0.2919"), (2, "0.1645")]]
    assert "diverged at step 3" in err
    assert "smaller --lr" in err
    assert len(err.splitlines()) == 1


def test_run_config_options_round_trip() -> None:
    from scratchnet.config import RunConfig, number_text
    from scratchnet.options import run_config

    assert RunConfig().options() == []
    config = RunConfig(hidden=(8, 8), learning_rate=0.123456789, seed=3, density=7)
    args = cli.build_parser().parse_args(["train", *config.options()])
    assert run_config(args) == config
    assert number_text(10.0) == "10" and number_text(0.003) == "0.003"


def test_a_test_set_adds_a_test_loss_column() -> None:
    run_options = "--dataset xor --points 100 --train-ratio 50 --features x,y,xy --lr 1"
    result = run("train", *run_options.split(), "--steps", "3", "--every", "1")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["1", "2", "3"]
    for _, train_loss, test_loss in lines:  # three columns, losses with four decimals
        assert len(train_loss) == len(test_loss) == 6
        assert 0 <= float(train_loss) <= 1 and 0 <= float(test_loss) <= 1
    assert lines[0][1] != lines[0][2], "the test loss is measured on other points"


def test_playground_options_change_the_run() -> None:
    default_first = run("train", "--steps", "1").stdout
    for words in [
        ("--dataset", "gauss"),
        ("--features", "x,y,x2"),
        ("--activation", "relu"),
        ("--batch-size", "10"),
    ]:
        result = run("train", "--steps", "1", *words)
        assert result.returncode == 0, result.stderr
        assert result.stdout != default_first, words
        assert len(result.stdout.split()) == 2
    # Regularisation changes the weights, not the loss measured before the first update.
    two = ("train", "--steps", "2", "--every", "1")
    regularised = run(*two, "--reg", "l2", "--reg-rate", "0.1").stdout.splitlines()
    plain = run(*two).stdout.splitlines()
    assert regularised[0] == plain[0] and regularised[1] != plain[1]
    gauss = ("train", "--dataset", "gauss", "--steps", "1")
    assert run(*gauss, "--data-seed", "1", "--noise", "40").stdout != run(*gauss).stdout


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--dataset", "moons", "must be one of circle, xor, gauss, spiral"),
        ("--noise", "60", "between 0 and 50"),
        ("--train-ratio", "5", "between 10 and 100"),
        ("--features", "", "at least one"),
        ("--features", "x,q", "comma-separated names"),
        ("--batch-size", "0", "1 or more"),
        ("--reg-rate", "-1", "0 or more"),
        ("--reg-rate", "nan", "finite number"),
    ],
)
def test_bad_playground_options_get_one_line_and_status_2(
    option: str, value: str, reason: str
) -> None:
    result = run("train", f"{option}={value}")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_a_run_that_really_diverges_exits_1_with_one_line() -> None:
    # relu, lr 1000 and L2 at 0.01: each step multiplies the weights by 1 - 1000 * 0.01 = -9.
    result = run(
        "train", "--activation", "relu", "--lr", "1000", "--reg", "l2", "--reg-rate", "0.01"
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("1 ")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "diverged at step" in lines[0]
    assert "smaller --lr than 1000 or a smaller --reg-rate than 0.01" in lines[0]
    assert "Traceback" not in result.stderr
