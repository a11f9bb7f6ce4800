"""`scratchnet train` as a user runs it: its options, what it prints, the files it writes.

Through `cli.main`, which the installed command calls, in this process; a reader that goes away
(`| head`) runs the installed command in a process of its own. The README's commands, the
tutorial's run among them (its lines to the digit, nothing on stderr), are test_readme.py's."""

import json
import math
import re
import stat
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scratchnet import cli
from scratchnet.runfile import load_run
from tests.conftest import installed_command, scratchnet_here


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return scratchnet_here(*args)


@cache
def printed(*args: str) -> str:
    """What a run that reads and writes no files prints: the same every time, so it runs once
    for the tests that compare with it."""
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_run_stuck_at_learning_rate_100_says_why_on_stderr_and_prints_the_same_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Stuck as the README's example is (sigmoid at --lr 100), on a 5 x 5 grid: a fifth of the
    # cost of the 121 points, for each of the two runs (its health measured, and not).
    options = ("train", "--lr", "100", "--density", "5")
    result = run(*options)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()  # said once, though it stays stuck to the end
    assert re.fullmatch(
        r"scratchnet train: step \d+: saturated: the output is 0 for every point "
        r"\(z ≈ -\d+\): the learning rate is too high",
        line,
    ), line
    monkeypatch.setattr(cli.Doctor, "after_step", lambda self: None)  # no health measured
    assert cli.main(list(options)) == 0
    assert result.stdout == capsys.readouterr().out, "stdout is what it was"
    assert len(result.stdout.splitlines()) == 21


def test_a_playground_run_stuck_at_learning_rate_10_says_why_on_stderr() -> None:
    url = "#activation=tanh&learningRate=10&networkShape=8,8&dataset=circle&seed=0.2"
    result = run("train", "--playground", url, "--epochs", "150", "--every", "50")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(
        r"scratchnet train: epoch \d+: saturated: the output is 1 for every point "
        r"\(z ≈ \d+\): the learning rate is too high",
        line,
    ), line


def test_options_change_the_run() -> None:
    result = run("train", "--steps", "5", "--every", "2", "--lr", "3", "--hidden", "8,8")
    assert result.returncode == 0, result.stderr
    steps = [line.split()[0] for line in result.stdout.splitlines()]
    assert steps == ["1", "2", "4"]
    default_first = printed("train", "--steps", "1")
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
    from scratchnet.config import RunConfig
    from scratchnet.kinds import number_text
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
    default_first = printed("train", "--steps", "1")
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
        ("--dataset", "moons", "must be one of grid, xor, gauss, spiral"),
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
    *diagnoses, last = result.stderr.splitlines()
    # Before it blows up, the output neuron is stuck at 0, and the run's health says so.
    assert [line.split(": ")[2] for line in diagnoses] == ["saturated"], result.stderr
    assert "diverged at step" in last
    assert "smaller --lr than 1000 or a smaller --reg-rate than 0.01" in last
    assert "Traceback" not in result.stderr


# -- save, load, export ------------------------------------------------------------------------


def test_save_then_load_prints_the_tutorials_lines_with_the_true_steps(
    tutorial_run: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "run.json"
    first = run("train", "--steps", "100", "--save", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    second = run("train", "--load", str(path), "--steps", "200")
    assert second.returncode == 0, second.stderr
    printed = first.stdout.splitlines() + second.stdout.splitlines()
    assert printed == tutorial_run["printed_lines"][:4]  # the tutorial's first 300 steps
    assert second.stdout.splitlines()[0] == "200 0.0663"


def test_a_loaded_run_with_every_setting_goes_on_exactly(tmp_path: Path) -> None:
    settings = [
        *("--dataset", "spiral", "--points", "80", "--noise", "20", "--train-ratio", "60"),
        *("--features", "x,y,sinx", "--activation", "tanh", "--reg", "l1", "--reg-rate", "0.003"),
        *("--batch-size", "7", "--hidden", "5,3", "--lr", "0.3", "--seed", "4", "--data-seed", "9"),
    ]
    every = ("--every", "1")
    whole = run("train", *settings, *every, "--steps", "20", "--csv", str(tmp_path / "all.csv"))
    assert whole.returncode == 0, whole.stderr
    path = tmp_path / "run.json"
    first = run("train", *settings, *every, "--steps", "9", "--save", str(path))
    second = run(
        "train", "--load", str(path), *every, "--steps", "11", "--csv", str(tmp_path / "b.csv")
    )
    assert second.returncode == 0, second.stderr
    assert first.stdout + second.stdout == whole.stdout
    assert len(whole.stdout.split("\n")[0].split()) == 3, "a test loss column"
    assert (tmp_path / "b.csv").read_text() == (tmp_path / "all.csv").read_text()


def test_csv_writes_one_row_per_step(tmp_path: Path) -> None:
    path = tmp_path / "losses.csv"
    result = run("train", "--steps", "50", "--csv", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 0.2919"
    lines = path.read_text().splitlines()
    assert lines[0] == "step,train_loss,test_loss"
    assert len(lines) == 51
    assert lines[1].startswith("1,0.2918") and lines[1].endswith(",")
    assert lines[50].startswith("50,")


def test_load_keeps_the_files_settings_and_takes_the_live_options(tmp_path: Path) -> None:
    from scratchnet.runfile import load_run

    saved, resaved = tmp_path / "run.json", tmp_path / "again.json"
    assert run("train", "--lr", "3", "--steps", "5", "--save", str(saved)).returncode == 0
    # --lr 10 is the default, but typed: it changes the file's 3 to 10.
    words = ("--lr", "10", "--reg", "l2", "--reg-rate", "0.1", "--batch-size", "20")
    result = run("train", "--load", str(saved), *words, "--steps", "5", "--save", str(resaved))
    assert result.returncode == 0, result.stderr
    config, trainer = load_run(resaved)
    assert (config.learning_rate, config.regularisation, config.regularisation_rate) == (
        10.0,
        "l2",
        0.1,
    )
    assert config.batch_size == 20 and trainer.steps == 10
    untouched = run("train", "--load", str(saved), "--steps", "0", "--save", str(resaved))
    assert untouched.returncode == 0 and untouched.stdout == ""
    assert load_run(resaved)[0].learning_rate == 3.0


@pytest.fixture(scope="module")
def one_step_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run saved after one step, for the refusals below (none of them writes)."""
    path = tmp_path_factory.mktemp("one-step") / "run.json"
    assert run("train", "--steps", "1", "--save", str(path)).returncode == 0
    return path


@pytest.mark.parametrize(
    "words",
    [("--hidden", "8"), ("--seed", "0"), ("--dataset", "xor"), ("--features", "x,y,x2")],
)
def test_load_refuses_options_that_make_another_network_or_data(
    words: tuple[str, str], one_step_run: Path
) -> None:
    path = one_step_run
    result = run("train", "--load", str(path), *words)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"scratchnet train: error: --load takes the settings from {path}, so {words[0]} cannot "
        "change them; only --lr, --reg, --reg-rate, --batch-size can"
    ]


def test_bad_files_to_load_get_one_line_and_status_2(tmp_path: Path) -> None:
    not_json = tmp_path / "notes.txt"
    not_json.write_text("not a run")
    other_version = tmp_path / "future.json"
    other_version.write_text('{"format": "scratchnet run", "version": 3}')
    for path, reason in [
        (tmp_path / "missing.json", "no such file"),
        (not_json, "it is not valid JSON"),
        (other_version, "format version 3; this scratchnet reads versions 1 and 2"),
        (tmp_path, "it is a folder"),
    ]:
        save = tmp_path / "out.json"
        result = run("train", "--load", str(path), "--save", str(save))
        assert result.returncode == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"scratchnet train: error: cannot load {path}: ")
        assert reason in lines[0]
        assert not save.exists()


def test_files_that_cannot_be_written_are_refused_before_training(tmp_path: Path) -> None:
    for words, reason in [
        (("--save", str(tmp_path / "missing" / "run.json")), "there is no folder"),
        (("--csv", str(tmp_path)), "it is a folder"),
        (("--save", "x.json", "--csv", "./x.json"), "--save and --csv both name x.json"),
    ]:
        result = run("train", *words)
        assert result.returncode == 2
        assert result.stdout == "", "refused before the first step"
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert reason in result.stderr
        assert "Traceback" not in result.stderr


def test_a_file_that_is_not_ours_is_refused_before_training_and_kept(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"notes\n")
    secret = tmp_path / "secret"  # stands for /etc/passwd: never try that on a real system
    secret.write_bytes(b"root:x:0:0::/root:/bin/sh\n")
    secret.chmod(0o600)
    (tmp_path / "link.json").symlink_to(secret)
    run_file = tmp_path / "run.json"
    assert run("train", "--steps", "1", "--save", str(run_file)).returncode == 0
    lost = "and would be lost"
    for option, path, reason in [
        ("--save", notes, f"it holds something that is not a scratchnet run, {lost}"),
        ("--csv", notes, f"it holds something that is not a scratchnet CSV of losses, {lost}"),
        ("--csv", run_file, f"it holds something that is not a scratchnet CSV of losses, {lost}"),
        (
            "--save",
            tmp_path / "link.json",
            f"it leads to {secret}, which holds something that is not a scratchnet run, {lost}",
        ),
    ]:
        before = {
            name: (tmp_path / name).read_bytes() for name in ("notes.txt", "secret", "run.json")
        }
        result = run("train", "--steps", "1", option, str(path))
        assert result.returncode == 2, result
        assert result.stdout == "", "refused before the first step"
        assert result.stderr == f"scratchnet train: error: cannot write {path}: {reason}\n"
        after = {name: (tmp_path / name).read_bytes() for name in before}
        assert after == before, f"{option} {path.name}: every file kept byte for byte"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_our_own_files_are_replaced_through_links_keeping_their_permissions(
    tmp_path: Path,
) -> None:
    run_file, losses = tmp_path / "run.json", tmp_path / "losses.csv"
    assert (
        run("train", "--steps", "1", "--save", str(run_file), "--csv", str(losses)).returncode == 0
    )
    run_file.chmod(0o600)
    losses.chmod(0o600)
    (tmp_path / "latest.json").symlink_to(run_file)
    result = run(
        "train", "--steps", "3", "--save", str(tmp_path / "latest.json"), "--csv", str(losses)
    )
    assert result.returncode == 0, result.stderr
    assert load_run(run_file)[1].steps == 3 and len(losses.read_text().splitlines()) == 4
    assert (tmp_path / "latest.json").is_symlink()
    assert stat.S_IMODE(run_file.stat().st_mode) == 0o600, "was left 0644"
    assert stat.S_IMODE(losses.stat().st_mode) == 0o600


def test_a_diverged_run_writes_its_csv_but_saves_nothing(tmp_path: Path) -> None:
    path, losses = tmp_path / "run.json", tmp_path / "losses.csv"
    options = ("--activation", "relu", "--lr", "1000", "--reg", "l2", "--reg-rate", "0.01")
    result = run("train", *options, "--save", str(path), "--csv", str(losses))
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]  # after what its health said on the way
    assert "diverged at step" in last
    assert last.endswith(f"; the run was not saved to {path}")
    assert not path.exists()
    step = int(last.split("diverged at step ")[1].split(":")[0])
    assert len(losses.read_text().splitlines()) == step, "the header and the steps before it"


def test_a_save_that_fails_at_the_end_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from scratchnet import runfile

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runfile, "write_atomically", full_disk)
    path = tmp_path / "run.json"
    status = cli.main(["train", "--steps", "3", "--save", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == ["1 0.2919"]
    assert err == f"scratchnet train: cannot save {path}: no space left on device\n"


def test_given_run_options_tells_typed_defaults_from_untyped() -> None:
    from scratchnet.options import given_settings

    def given_run_options(words: list[str]) -> list[str]:
        return [setting.flag for setting in given_settings(words)]

    assert given_run_options(["train"]) == []
    assert given_run_options(["train", "--steps", "5", "--load", "r.json", "--every=2"]) == []
    words = ["train", "--load", "r.json", "--lr", "10", "--reg-r=0.1", "--hidden", "8,8"]
    assert sorted(given_run_options(words)) == ["--hidden", "--lr", "--reg-rate"]


def test_a_closed_pipe_still_lets_the_run_be_saved(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    command = [installed_command("scratchnet"), "train", "--every", "1", "--steps", "10000"]
    # Four points: quick steps, and 119 kB of lines to print, more than the pipe (64 kB) and
    # Python's buffer (8 kB) hold, so the run is still printing when the pipe closes.
    command += ["--density", "1"]
    with subprocess.Popen(
        [*command, "--save", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith("1 0.")
        process.stdout.close()  # as `| head -1` does
        assert process.wait(timeout=120) == 0
        assert "Traceback" not in process.stderr.read()
    from scratchnet.runfile import load_run

    assert load_run(path)[1].steps == 10000


def test_a_huge_value_is_echoed_by_its_start_and_length(tmp_path: Path) -> None:
    huge = "a" * 130_000
    bad_run = tmp_path / "run.json"
    assert run("train", "--steps", "1", "--save", str(bad_run)).returncode == 0
    bad_run.write_text(json.dumps({**json.loads(bad_run.read_text()), huge: 1}))
    for words in (
        ["--lr", huge],
        ["--hidden", huge],
        ["--playground", f"#activation={huge}", "--epochs", "1"],
        ["--load", str(bad_run)],
    ):
        result = run("train", *words)
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1
        assert len(result.stderr) < 300, result.stderr[:300]
        assert "'aaaa" in result.stderr and "…' (130,000 characters)" in result.stderr
