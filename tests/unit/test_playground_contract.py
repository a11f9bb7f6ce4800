"""A Playground run through the contract: its own arithmetic, exact state, its file, its URL.

The forward and backward passes at a point are nn.ts's, the very operations an epoch does (bit
for bit against the readable network, network.py). A run put back where it was goes on to the
last bit: with the gradients the leftover points carry into the next epoch's first batch, and
with L1's dead links. Saved and opened, it goes on so too, and its URL still opens it.
"""

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from scratchnet.config import RunConfig
from scratchnet.features import expand
from scratchnet.modes import make_run, open_run
from scratchnet.modes.playground import PlaygroundMode
from scratchnet.playground import PlaygroundRun, PlaygroundState
from scratchnet.playground.checkpoint import PlaygroundCheckpoint
from scratchnet.playground.runfile import playground_run_from_data
from scratchnet.run import View
from scratchnet.run_json import RunFileError

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "playground"
# L1 kills 21 links in 100 epochs of it (see test_playground_ref_runs.py).
DEAD_LINKS = json.loads((REFERENCES / "gauss-sigmoid-l1-batch1.json").read_text())["settings"]
# 250 training points in batches of 8: 2 points left over each epoch, carried to the next.
LEFTOVERS = (
    "#activation=relu&batchSize=8&dataset=circle&regularization=L1&regularizationRate=0.003"
    "&networkShape=5,3&seed=0.7&noise=10&learningRate=0.1"
)


def playground(url: str) -> PlaygroundMode:
    run = make_run(PlaygroundState.from_url(url))
    assert isinstance(run, PlaygroundMode)
    return run


def test_forward_and_backward_at_a_point_are_the_networks_own_to_the_last_bit() -> None:
    run = playground(LEFTOVERS)
    for _ in range(3):
        run.step()
    network = run.engine.network
    for x, y, label in run.train_points[:25]:
        readable = network.copy()
        for layer in readable.layers:  # fresh sums: what backward adds is this point's alone
            layer.d_weights = [[0.0] * len(row) for row in layer.weights]
            layer.d_biases = [0.0] * len(layer.biases)
        output = readable.forward(expand(x, y, run.features))
        readable.backward(label)
        seen = run.backward(x, y, label)
        assert seen.output == output
        assert seen.backward is not None
        assert seen.backward.d_output == output - label
        assert seen.backward.loss == 0.5 * ((output - label) * (output - label))
        for values, gradients, layer in zip(seen.layers, seen.backward.layers, readable.layers):
            assert [neuron.output for neuron in values] == layer.outputs
            assert [neuron.z for neuron in values] == layer.sums_of(layer.inputs)
            assert [neuron.d_bias for neuron in gradients] == layer.d_biases
            assert [list(neuron.d_weights) for neuron in gradients] == layer.d_weights
        assert run.forward(x, y).layers == seen.layers


@pytest.mark.parametrize("url", [LEFTOVERS, "#activation=sigmoid&networkShape=4,3,2&seed=0.1"])
def test_the_compiled_passes_are_the_readable_networks_to_the_last_bit(url: str) -> None:
    """A health measurement's passes (compiled.py's, written out for speed): each point's
    outputs and d(loss)/dz, and their gradient, summed as the readable network sums them."""
    run = playground(url)
    for _ in range(3):
        run.step()
    points = list(run.train_points[:40])
    readable = run.engine.network.copy()
    for layer in readable.layers:
        layer.d_weights = [[0.0] * len(row) for row in layer.weights]
        layer.d_biases = [0.0] * len(layer.biases)
    passes = run.passes(points)
    for index, (x, y, label) in enumerate(points):
        inputs = expand(x, y, run.features)
        _, gradients = readable.gradients_at(inputs, label)
        readable.forward(inputs)
        readable.backward(label)
        for depth, (layer, (d_z, _)) in enumerate(zip(readable.layers, gradients)):
            assert passes.outputs[depth][index] == tuple(layer.outputs)
            assert passes.d_sums[depth][index] == tuple(d_z)
    count = len(points)
    rate, regulariser = run.settings.regularization_rate, run.settings.regularization
    summed = []
    for layer in readable.layers:
        for weights, sums, bias_sum in zip(layer.weights, layer.d_weights, layer.d_biases):
            for weight, total in zip(weights, sums):
                slope = {"L1": math.copysign(1.0, weight) if weight else 0.0, "L2": weight}
                summed.append(total / count + rate * slope.get(regulariser, 0.0))
            summed.append(bias_sum / count)
    assert passes.gradient == tuple(summed)


def test_the_picture_is_the_compiled_codes_and_the_probe_agrees() -> None:
    run = playground(LEFTOVERS)
    run.step()
    picture = run.picture(4, 3)
    centres_x = [-6 + 12 * (c + 0.5) / 4 for c in range(4)]
    centres_y = [6 - 12 * (r + 0.5) / 3 for r in range(3)]
    assert picture == [[run.engine.predict(x, y) for x in centres_x] for y in centres_y]
    assert picture[1][2] == run.forward(centres_x[2], centres_y[1]).output


@pytest.mark.parametrize("url", [DEAD_LINKS["hash"], LEFTOVERS])
def test_a_run_put_back_mid_run_goes_on_as_the_straight_run_to_the_last_bit(url: str) -> None:
    straight = PlaygroundRun.from_url(url)
    run = playground(url)
    for _ in range(30):
        straight.step_epoch()
        run.step()
    middle = run.state()
    assert isinstance(middle, PlaygroundCheckpoint)
    if url == LEFTOVERS:
        assert middle.count == 2 and any(middle.gradients), "gradients carried over"
    else:
        assert middle.dead, "L1 has frozen links by now"
    for _ in range(8):
        run.step()  # a future that the restore throws away
    run.restore(middle)
    fresh = playground(url)  # and a run that never trained, given the state
    fresh.engine.restore(middle, losses=list(zip(run.engine.train_losses, run.engine.test_losses)))
    for _ in range(40):
        straight.step_epoch()
        run.step()
        fresh.step()
    for twin in (run, fresh):
        assert twin.parameters() == straight.network.parameters()
        assert list(twin.engine.train_losses) == list(straight.train_losses)
        assert list(twin.engine.test_losses) == list(straight.test_losses)
        assert twin.engine.dead_links == straight.dead_links
    if url == DEAD_LINKS["hash"]:
        assert len(straight.dead_links) >= 21


def test_a_dead_link_stays_dead_when_set_by_hand() -> None:
    run = playground(DEAD_LINKS["hash"])
    for _ in range(30):
        run.step()
    layer, neuron, source = next(
        (depth, k, j)
        for depth, view in enumerate(run.layers())
        for k, row in enumerate(view.dead)
        for j, dead in enumerate(row)
        if dead
    )
    run.set_parameter(layer, neuron, source, 0.5)
    run.step()
    assert run.layers()[layer].weights[neuron][source] == 0.5
    assert run.layers()[layer].dead[neuron][source]


def test_its_rules_are_the_playgrounds() -> None:
    run = playground("#seed=0.5&dataset=xor&networkShape=8,8,8,8,8,8")
    run.step()
    with pytest.raises(ValueError, match="at most 6 hidden layers"):
        run.change_settings({"network_shape": (8,) * 7})
    with pytest.raises(ValueError, match="1 to 8 neurons"):
        run.change_settings({"network_shape": (9,)})
    with pytest.raises(ValueError, match="one of"):
        run.change_settings({"learning_rate": 0.5})  # the tutorial would take it
    no_inputs = run.change_settings({"features": ()})
    assert no_inputs.features == () and no_inputs.settings.seed == "0.5"
    new_data = run.change_settings({"noise": 20})
    assert new_data.settings.seed != "0.5", "new data comes under a new seed, as on its page"
    given = run.change_settings({"noise": 20, "seed": "0.9"})
    assert given.settings.seed == "0.9"
    features = run.change_settings({"features": ("sinx", "x")}).features
    assert features == ("x", "sinx"), "the Playground's own order"


def test_the_view_is_kept_in_the_url_and_the_file(tmp_path: Path) -> None:
    run = playground("#seed=0.5&showTestData=true")
    assert run.view == View(show_test_data=True, discretize=False)
    run.step()
    run.set_view(View(show_test_data=False, discretize=True))
    assert run.steps == 1, "showing is not learning: the run goes on"
    assert run.url is not None
    assert "showTestData=false" in run.url and "discretize=true" in run.url
    run.save(str(tmp_path / "run.json"))
    opened = open_run(tmp_path / "run.json")
    assert opened.url == run.url and opened.view == run.view


def test_a_saved_run_keeps_its_url_and_goes_on_exactly(tmp_path: Path) -> None:
    run = playground(LEFTOVERS)
    for _ in range(7):
        run.step()
    run.change_settings({"learning_rate": 0.3})  # live: saved with the run
    path = tmp_path / "run.json"
    run.save(str(path))
    saved = json.loads(path.read_text())
    assert saved["url"] == run.url and "learningRate=0.3" in saved["url"]
    assert PlaygroundState.from_url(saved["url"]).seed == "0.7"
    opened = open_run(path)
    assert opened.timeline.steps == list(range(8))
    for _ in range(6):
        run.step()
        opened.step()
    assert opened.parameters() == run.parameters()
    assert (opened.loss, opened.test_loss) == (run.loss, run.test_loss)
    opened.go_back(3)
    run.go_back(3)
    assert opened.state() == run.state()


@pytest.fixture(scope="module")
def saved_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text of a run file with dead links, saved once for all the files spoilt from it."""
    run = playground(DEAD_LINKS["hash"])
    for _ in range(12):
        run.step()
    path = tmp_path_factory.mktemp("saved") / "run.json"
    run.save(str(path))
    return path.read_text()


def saved_data(saved_file: str) -> dict[str, Any]:
    """The saved run's JSON object: a fresh one each time, for one test to spoil."""
    data: dict[str, Any] = json.loads(saved_file)
    assert data["present"]["dead"], "the file has dead links to spoil"
    return data


def spoil(data: dict[str, Any], change: str) -> None:
    present = data["present"]
    match change:
        case "no seed":
            data["url"] = data["url"].replace("seed=", "seedless=")
        case "a bad url":
            data["url"] += "&batchSize=31"
        case "a weight short":
            present["parameters"].pop()
        case "a weight that is not a number":
            present["parameters"][0] = "1"
        case "a dead bias":
            present["dead"] = [*present["dead"], len(present["parameters"]) - 1]  # the output's
        case "gradients without samples":
            present["gradients"] = [0.0] * len(present["parameters"])
        case "a loss short":
            data["losses"]["train"].pop()
        case "a timeline that ends elsewhere":
            data["timeline"]["checkpoints"][-1]["parameters"][0] += 1
        case "a timeline going back":
            checkpoints = data["timeline"]["checkpoints"]
            checkpoints[1], checkpoints[2] = checkpoints[2], checkpoints[1]
        case "another version":
            data["version"] = 2
        case "a stranger":
            data["colour"] = "red"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("no seed", "url has no seed"),
        ("a bad url", "url: batchSize:"),
        ("a weight short", "present parameters must have"),
        ("a weight that is not a number", "present parameters must hold numbers only"),
        ("a dead bias", "dead links"),
        ("gradients without samples", "present gradients must have 0"),
        ("a loss short", "losses train must have"),
        ("a timeline that ends elsewhere", "does not end where the run is"),
        ("a timeline going back", "does not come after"),
        ("another version", "format version 2"),
        ("a stranger", "unknown 'colour'"),
    ],
)
def test_a_spoilt_file_is_refused_in_one_line(change: str, reason: str, saved_file: str) -> None:
    data = saved_data(saved_file)
    playground_run_from_data(copy.deepcopy(data))  # as saved, it loads
    spoil(data, change)
    with pytest.raises(RunFileError) as error:
        playground_run_from_data(data)
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_a_run_that_blew_up_is_not_saved(tmp_path: Path) -> None:
    # A regression at learning rate 3 blows up within 5 epochs (see test_diagnosis.py).
    run = playground("#problem=regression&learningRate=3&seed=0.1")
    for _ in range(60):
        if run.diverged:
            break
        run.step()
    assert run.diverged, "a number that is not finite"
    with pytest.raises(RunFileError, match="not finite"):
        run.save(str(tmp_path / "run.json"))
    assert not (tmp_path / "run.json").exists()


def test_a_save_replaces_a_run_of_either_kind_and_nothing_else(tmp_path: Path) -> None:
    run = playground("#seed=0.3")
    run.step()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    with pytest.raises(RunFileError, match="not a scratchnet run"):
        run.save(str(notes))
    assert notes.read_text() == "my notes\n"
    tutorial = make_run(RunConfig())
    tutorial.save(str(tmp_path / "run.json"))
    run.save(str(tmp_path / "run.json"))  # a Playground run over a tutorial's
    assert open_run(tmp_path / "run.json").unit == "epoch"
    tutorial.save(str(tmp_path / "run.json"))  # and back
    assert open_run(tmp_path / "run.json").unit == "step"
    run.save(str(notes), replace_foreign=True)  # a person said yes
    assert open_run(notes).url == run.url
