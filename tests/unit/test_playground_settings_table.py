"""One rule per setting: a Playground state is checked through its settings table, as a
RunConfig is through SETTINGS, whether its values come from a URL, a key, the panel or a file."""

import dataclasses
import json
from pathlib import Path

import pytest

from scratchnet import runfile
from scratchnet.config import RunConfig
from scratchnet.playground import PlaygroundState
from scratchnet.playground.settings import PLAYGROUND_SETTING, PLAYGROUND_SETTINGS
from scratchnet.playground.state import KEYS
from scratchnet.runfile import load_run, save_run
from scratchnet.settings import SETTINGS


def test_every_playground_setting_has_its_own_url_key_and_no_option() -> None:
    for setting in PLAYGROUND_SETTINGS:
        assert setting.flag == ""
        assert setting.key in KEYS or setting.key == "features"
        if setting.key != "features":
            assert KEYS[setting.key] == setting.name
    assert all(setting.key == "" for setting in SETTINGS)


@pytest.mark.parametrize("seed", ["a b", "a\tb"])
def test_a_seed_the_table_refuses_is_refused_in_a_url_too(seed: str) -> None:
    with pytest.raises(ValueError):
        PLAYGROUND_SETTING["seed"].parse(seed)
    with pytest.raises(ValueError, match=r"^seed: "):
        PlaygroundState.from_url(f"#seed={seed}")
    with pytest.raises(ValueError, match=r"^seed: "):
        PlaygroundState(seed=seed)


@pytest.mark.parametrize(
    ("changes", "key"),
    [({"show_test_data": "yes"}, "showTestData"), ({"discretize": 1}, "discretize")],
)
def test_the_flags_a_url_keeps_are_checked_too(changes: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=f"^{key}: true or false"):
        PlaygroundState(seed="1", **changes)  # type: ignore[arg-type]


def test_a_refusal_names_the_url_key_and_says_why_once() -> None:
    with pytest.raises(ValueError) as error:
        PlaygroundState(seed="1", network_shape=(1,) * 7)
    assert str(error.value) == "networkShape: at most 6 hidden layers, got 7"
    with pytest.raises(ValueError) as error:
        PlaygroundState(seed="1", batch_size=31)
    assert str(error.value) == "batchSize: one of 1 to 30, got 31"


def test_a_state_holds_each_value_in_its_one_form() -> None:
    state = PlaygroundState(seed="1", network_shape=[4, 2], features=("sinx", "x"))  # type: ignore[arg-type]
    assert state.network_shape == (4, 2)
    assert state.features == ("x", "sinx"), "the Playground's order"
    assert PlaygroundState(seed="1", features=()).inputs() == ()


def test_a_run_file_without_a_newer_setting_loads_with_its_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Say noise came after the file was saved: the file lacks it, and it loads as 0."""
    path = tmp_path / "run.json"
    save_run(path, RunConfig(), RunConfig().trainer())
    data = json.loads(path.read_text())
    del data["settings"]["noise"]
    path.write_text(json.dumps(data))
    newer = tuple(
        dataclasses.replace(setting, newer=True) if setting.name == "noise" else setting
        for setting in SETTINGS
    )
    monkeypatch.setattr(runfile, "SETTINGS", newer)
    config, trainer = load_run(path)
    assert config.noise == 0.0 and trainer.steps == 0
    monkeypatch.setattr(runfile, "SETTINGS", SETTINGS)
    with pytest.raises(runfile.RunFileError, match="settings lacks noise"):
        load_run(path)
