"""A saved run keeps its timeline: look back and go on from a checkpoint after loading it."""

import json
from pathlib import Path

import pytest

from scratchnet.config import RunConfig
from scratchnet.run_json import RunFileError
from scratchnet.runfile import load_run, load_run_and_timeline, save_run
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer

MINI_BATCHES = RunConfig(learning_rate=3.0, batch_size=10, hidden=(5,))


def recorded(config: RunConfig, steps: int, capacity: int = 2048) -> tuple[Trainer, Timeline]:
    trainer, timeline = config.trainer(), Timeline(capacity)
    timeline.record(trainer)
    for _ in range(steps):
        trainer.step()
        timeline.record(trainer)
    return trainer, timeline


@pytest.mark.parametrize("capacity", [2048, 8])  # every step kept; thinned to spacing 16
def test_a_loaded_timeline_goes_on_from_a_checkpoint_exactly(tmp_path: Path, capacity: int) -> None:
    trainer, timeline = recorded(MINI_BATCHES, 100, capacity)
    path = tmp_path / "run.json"
    save_run(path, MINI_BATCHES, trainer, timeline)
    config, loaded, kept = load_run_and_timeline(path)
    assert kept is not None and config == MINI_BATCHES
    assert kept.steps == timeline.steps and kept.spacing == timeline.spacing
    index = len(kept.steps) // 2 + 1  # mid-run, a checkpoint that replays its shuffler
    assert kept.parameters_at(index) == timeline.parameters_at(index)
    kept.fork(loaded, index)
    while loaded.steps < 100:
        loaded.step()
    assert list(loaded.losses) == list(trainer.losses)


def test_the_timeline_goes_on_after_loading(tmp_path: Path) -> None:
    trainer, timeline = recorded(MINI_BATCHES, 30)
    save_run(tmp_path / "run.json", MINI_BATCHES, trainer, timeline)
    _, loaded, kept = load_run_and_timeline(tmp_path / "run.json")
    assert kept is not None
    for _ in range(20):
        loaded.step()
        kept.record(loaded)
    kept.fork(loaded, 40)  # recorded after the load
    while loaded.steps < 50:
        loaded.step()
    for _ in range(20):
        trainer.step()
    assert list(loaded.losses) == list(trainer.losses)


def test_a_file_without_a_timeline_or_a_speed_still_loads(tmp_path: Path) -> None:
    trainer = RunConfig().trainer()
    trainer.step()
    path = tmp_path / "run.json"
    save_run(path, RunConfig(), trainer)
    data = json.loads(path.read_text())
    assert "timeline" not in data
    del data["settings"]["speed"]  # saved before the speed existed
    path.write_text(json.dumps(data))
    config, loaded, kept = load_run_and_timeline(path)
    assert kept is None and config.speed == 200 and loaded.steps == 1
    assert load_run(path)[1].losses == trainer.losses


def test_max_speed_is_saved_as_null_and_read_back(tmp_path: Path) -> None:
    config = RunConfig(speed=float("inf"))
    save_run(tmp_path / "run.json", config, config.trainer())
    assert json.loads((tmp_path / "run.json").read_text())["settings"]["speed"] is None
    assert load_run(tmp_path / "run.json")[0].speed == float("inf")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda t: t["checkpoints"][-1]["parameters"].reverse(), "does not end where the run is"),
        (lambda t: t["checkpoints"][3].update(steps=1), "does not come after the one before"),
        (lambda t: t["checkpoints"][0].pop("shuffler"), "checkpoint 1 lacks shuffler"),
        (lambda t: t["checkpoints"][1].update(shuffler=None), "has unknown 'shuffler'"),
        (lambda t: t.update(spacing=3), "spacing must be a power of 2"),
        (lambda t: t["checkpoints"][2]["parameters"].pop(), "must have 21 numbers"),
    ],
)
def test_a_bad_timeline_is_refused_in_one_line(tmp_path: Path, change: object, reason: str) -> None:
    trainer, timeline = recorded(MINI_BATCHES, 30)
    path = tmp_path / "run.json"
    save_run(path, MINI_BATCHES, trainer, timeline)
    data = json.loads(path.read_text())
    change(data["timeline"])  # type: ignore[operator]
    path.write_text(json.dumps(data))
    with pytest.raises(RunFileError, match=reason) as refused:
        load_run_and_timeline(path)
    assert "\n" not in str(refused.value)
