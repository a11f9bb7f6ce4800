"""Settings a dataset ignores: declared once (`Setting.applies_to`), refused everywhere."""

import pytest

from scratchnet import cli
from scratchnet.config import RunConfig
from scratchnet.settings import SETTING, SETTINGS, unused_by
from tests.unit.test_session import Worker, notices
from tui import cli as tui_cli
from tui.keys.command_palette import palette_entries
from tui.session.commands import ChangeSettings, NextChoice


def test_which_settings_each_dataset_uses() -> None:
    used = {
        dataset: {s.name for s in SETTINGS if not s.applies(dataset)}
        for dataset in ("grid", "xor", "gauss", "spiral")
    }
    assert used == {
        "grid": {"noise", "points"},
        "xor": {"density"},
        "gauss": {"density"},
        "spiral": {"density"},
    }
    assert unused_by("grid", [SETTING["noise"]]) == (
        "--noise: the grid dataset does not use it; xor, gauss and spiral do"
    )
    assert unused_by("xor", [SETTING["density"], SETTING["learning_rate"]]) == (
        "--density: the xor dataset does not use it; grid does"
    )
    assert unused_by("grid", [SETTING["noise"], SETTING["points"]], flags=False) == (
        "Noise, Points: the grid dataset does not use them; xor, gauss and spiral do"
    )
    assert unused_by("grid", SETTINGS[:3]) is None


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["--dataset", "grid", "--noise", "30"], "--noise: the grid dataset does not use it"),
        (["--noise=0"], "--noise: the grid dataset does not use it"),
        (["--points", "9", "--noise", "5"], "--noise, --points: the grid dataset does not use"),
        (["--density", "5", "--dataset", "xor"], "--density: the xor dataset does not use it"),
        (["--dataset", "spiral", "--density=3"], "--density: the spiral dataset"),
    ],
)
def test_the_command_lines_refuse_an_option_the_dataset_ignores(
    words: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["train", "--steps", "1", *words]) == 2
    out, err = capsys.readouterr()
    (line,) = err.splitlines()
    assert out == "" and line.startswith(f"scratchnet train: error: {reason}")
    with pytest.raises(SystemExit) as exit_info:
        tui_cli.main(words)
    assert exit_info.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"scratchnet-tui: error: {reason}")


def test_options_a_dataset_uses_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["train", "--steps", "1", "--dataset", "xor", "--noise", "30"]) == 0
    assert cli.main(["train", "--steps", "1", "--density", "4", "--data-seed", "2"]) == 0
    assert cli.main(["train", "--steps", "1", "--train-ratio", "50", "--data-seed", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_the_command_line_that_repeats_a_run_leaves_out_what_its_dataset_ignores() -> None:
    # Noise set on xor, then the dataset changed to the grid in the app: the noise stays in
    # the config, unused, and the command line, which would refuse it, leaves it out.
    config = RunConfig(dataset_name="xor", noise=30, points=100, density=4)
    assert config.options() == ["--dataset", "xor", "--noise", "30", "--points", "100"]
    back_on_grid = RunConfig(noise=30, points=100, density=4)
    assert back_on_grid.options() == ["--density", "4"]
    assert back_on_grid.dataset() == RunConfig(density=4).dataset()


def test_the_worker_refuses_a_change_the_dataset_ignores() -> None:
    with Worker(RunConfig()) as worker:
        events = worker.finish(
            ChangeSettings.of(noise=30.0),
            NextChoice("points"),
            ChangeSettings.of(dataset_name="xor", noise=20.0),  # together: fine
            ChangeSettings.of(density=5),
        )
    assert notices(events) == [
        "Noise: the grid dataset does not use it; xor, gauss and spiral do",
        "Points: the grid dataset does not use it; xor, gauss and spiral do",
        "Grid density: the xor dataset does not use it; grid does",
    ]
    config = worker.session.config
    assert (config.dataset_name, config.noise, config.density) == ("xor", 20.0, 10)


def test_the_palette_offers_only_what_the_runs_dataset_uses() -> None:
    def titles(dataset: str | None) -> list[str]:
        return [entry.title for entry in palette_entries(dataset)]

    assert "Noise: 25%" in titles(None) and "Noise: 25%" in titles("spiral")
    assert not any(title.startswith(("Noise", "Points")) for title in titles("grid"))
    assert "Dataset: grid (the tutorial's)" in titles("grid")
    assert "Points: 200" in titles("xor")
