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
