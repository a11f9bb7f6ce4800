"""A run loaded from a long run's file (its loss history downsampled) still draws its curve."""

import math
from pathlib import Path

import pytest

from scratchnet import loss_history
from scratchnet.config import RunConfig
from scratchnet.runfile import load_run, save_run
from tui.session.frames import downsample


def test_the_loss_curve_of_a_downsampled_run_has_its_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loss_history, "MAX_LOSS_POINTS", 40)
    trainer = RunConfig(hidden=(3,)).trainer()
    for _ in range(500):
        trainer.step()
    save_run(tmp_path / "run.json", RunConfig(hidden=(3,)), trainer)
    loaded = load_run(tmp_path / "run.json")[1]
    curve = downsample(loaded.losses, 100)
    assert len(curve) == len(downsample(trainer.losses, 100)) >= 100
    assert curve[-1] == (500, trainer.losses[-1])  # the last step, exact
    assert all(math.isfinite(loss) for _, loss in curve)
    # Every other point shows the loss the file kept at or before its step (every 16th here).
    for step, loss in curve[:-1]:
        assert loss == trainer.losses[(step - 1) - (step - 1) % 16]
