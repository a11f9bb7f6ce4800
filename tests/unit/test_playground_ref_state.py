"""Playground URLs: read with the Playground's defaults, refused in one line, written back."""

import json
import random
import re
from pathlib import Path

import pytest

from scratchnet.playground import PlaygroundState
from scratchnet.playground.state import LEARNING_RATES, REGULARIZATION_RATES

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "playground"
HASHES = [
    json.loads(path.read_text())["settings"]["hash"] for path in sorted(REFERENCES.glob("*.json"))
]


@pytest.mark.parametrize("hash_", HASHES)
def test_a_playground_hash_is_written_back_exactly(hash_: str) -> None:
    assert PlaygroundState.from_url(hash_).to_hash() == hash_


def test_a_whole_url_opens_at_the_playground() -> None:
    url = "https://playground.tensorflow.org/" + HASHES[0]
    state = PlaygroundState.from_url(url)
    assert state.url() == url
    assert PlaygroundState.from_url(HASHES[0][1:]) == state  # the hash without its '#'


def test_the_references_settings_are_read() -> None:
    for path in sorted(REFERENCES.glob("*.json")):
        settings = json.loads(path.read_text())["settings"]
        state = PlaygroundState.from_url(settings["hash"])
        assert state.activation == settings["activation"]
        assert state.learning_rate == settings["learningRate"]
        assert state.batch_size == settings["batchSize"]
        assert state.network_shape == tuple(settings["networkShape"])
        assert state.perc_train_data == settings["percTrainData"]
        assert state.regularization == settings["regularization"]
        assert state.seed == settings["seed"]
        assert len(state.inputs()) == len(settings["inputs"])


def test_missing_keys_take_the_playgrounds_defaults() -> None:
    state = PlaygroundState.from_url("#seed=0.12345")
    assert (state.learning_rate, state.activation, state.network_shape) == (0.03, "tanh", (4, 2))
    assert (state.batch_size, state.perc_train_data, state.noise) == (10, 50, 0)
    assert (state.dataset, state.reg_dataset, state.problem) == (
        "circle",
        "reg-plane",
        "classification",
    )
    assert (state.regularization, state.regularization_rate) == ("none", 0.0)
    assert state.features == ("x", "y")
    assert not state.init_zero and not state.show_test_data


def test_without_a_seed_a_new_one_is_made_like_the_playground() -> None:
    state = PlaygroundState.from_url("", rng=random.Random(1))
    assert re.fullmatch(r"0\.\d{5}", state.seed)
    assert PlaygroundState.from_url("", rng=random.Random(1)).seed == state.seed
    assert f"seed={state.seed}" in state.to_hash()  # so the run can be opened again


def test_blank_values_mean_the_default_and_an_empty_shape_no_hidden_layer() -> None:
    state = PlaygroundState.from_url("#seed=1&learningRate=&networkShape=")
    assert state.learning_rate == 0.03
    assert state.network_shape == ()


def test_features_keep_the_playgrounds_order_and_names() -> None:
    state = PlaygroundState.from_url("#seed=1&sinY=true&x=false&xTimesY=true&xSquared=true")
    assert state.features == ("y", "x2", "xy", "siny")
    assert "xSquared=true" in state.to_hash() and "x=false" in state.to_hash()


def test_ignored_keys_are_kept_and_a_hidden_feature_is_no_input() -> None:
    hash_ = (
        "#seed=1&sinX=true&cosX=true&tutorial=dp-reducing-overfitting&hideText=true"
        "&sinX_hide=true&noise_hide=false"
    )
    state = PlaygroundState.from_url(hash_)
    assert state.features == ("x", "y", "sinx")
    assert state.inputs() == ("x", "y")  # the Playground deletes a hidden input
    written = state.to_hash()
    for part in ("cosX=true", "tutorial=dp-reducing-overfitting", "hideText=true"):
        assert part in written
    assert written.endswith("&sinX_hide=true&noise_hide=false")
    assert PlaygroundState.from_url(written) == state


def test_every_rate_of_the_playgrounds_lists_round_trips() -> None:
    for rate in LEARNING_RATES:
        state = PlaygroundState(seed="1", learning_rate=rate)
        assert PlaygroundState.from_url(state.to_hash()) == state
    for rate in REGULARIZATION_RATES:
        state = PlaygroundState(seed="1", regularization="L2", regularization_rate=rate)
        assert PlaygroundState.from_url(state.to_hash()) == state
    assert "learningRate=0.00001&" in PlaygroundState(seed="1", learning_rate=1e-5).to_hash()
    assert "learningRate=10&" in PlaygroundState(seed="1", learning_rate=10.0).to_hash()


@pytest.mark.parametrize(
    ("hash_", "key"),
    [
        ("activation=tahn", "activation"),
        ("learningRate=0.02", "learningRate"),
        ("learningRate=fast", "learningRate"),
        ("regularizationRate=0.5", "regularizationRate"),
        ("regularization=L3", "regularization"),
        ("batchSize=31", "batchSize"),
        ("batchSize=2.5", "batchSize"),
        ("percTrainData=55", "percTrainData"),
        ("noise=7", "noise"),
        ("networkShape=9", "networkShape"),
        ("networkShape=1,1,1,1,1,1,1", "networkShape"),
        ("networkShape=4,a", "networkShape"),
        ("dataset=moons", "dataset"),
        ("regDataset=reg-maximum", "regDataset"),
        ("problem=clustering", "problem"),
        ("x=yes", "x"),
        ("initZero=1", "initZero"),
        ("sinX_hide=maybe", "sinX_hide"),
        ("learningrate=0.1", "learningrate"),
    ],
)
def test_a_value_the_playground_could_not_produce_is_refused_in_one_line(
    hash_: str, key: str
) -> None:
    with pytest.raises(ValueError) as error:
        PlaygroundState.from_url("#seed=1&" + hash_)
    message = str(error.value)
    assert message.startswith(key + ":")
    assert "\n" not in message


def test_a_changed_state_is_checked_too() -> None:
    state = PlaygroundState(seed="1")
    assert state.with_changes(batch_size=30).batch_size == 30
    with pytest.raises(ValueError, match=r"^batchSize:"):
        state.with_changes(batch_size=31)


def test_every_playground_choice_reads_back_in_any_case() -> None:
    # The palette and the panel offer each choice as the Playground spells it ("L1"), and
    # a person may type it in any case.
    from scratchnet.playground.settings import PLAYGROUND_SETTINGS

    for setting in PLAYGROUND_SETTINGS:
        for text in setting.offered():
            assert setting.text(setting.parse(text)) == text
            assert setting.parse(text.lower()) == setting.parse(text.upper()) == setting.parse(text)
