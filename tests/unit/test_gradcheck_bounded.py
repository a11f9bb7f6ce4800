"""A gradient check of a big network is bounded: a random sample of each layer, the same every
time, a few hundred parameters at most; and it can be taken one parameter at a time."""

import pytest

from scratchnet import Network
from scratchnet.datasets import grid
from scratchnet.gradcheck import (
    MOST_PARAMETERS,
    checking_gradients,
    chosen_parameters,
    gradient_check,
)
from scratchnet.modes.tutorial import tutorial_run
from tests.unit.test_inside_untouched import network_state

GRID = grid(10)
FEW = grid(10)[::40]  # 4 points: enough to count the work, cheap on a big network


def count_evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the passes over the samples the check makes (two per parameter measured), without
    making them: the count is the point here, not the numbers."""
    calls = [0]

    def counted(network: Network, examples: list[tuple[list[float], float]]) -> list[float]:
        calls[0] += 1
        return [0.0] * len(examples)

    monkeypatch.setattr("scratchnet.gradcheck.sample_losses", counted)
    return calls


@pytest.mark.parametrize(
    "hidden", [[32] * 8, [300, 300], [2000]], ids=["8 x 32", "300 x 300", "one of 2000"]
)
def test_a_big_network_is_checked_on_a_few_hundred_parameters(
    hidden: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    network = Network(2, hidden, seed=1)
    calls = count_evaluations(monkeypatch)
    checks = gradient_check(network, FEW)
    checked = sum(check.parameters for check in checks)
    assert calls[0] == 2 * checked  # two forward passes over the samples per parameter
    assert checked == MOST_PARAMETERS
    assert sum(check.in_layer for check in checks) == len(network.parameters())
    share = MOST_PARAMETERS // len(checks)  # every layer gets its share, and no layer is whole
    assert all(share <= check.parameters < check.in_layer for check in checks)


def test_the_sample_is_the_same_every_time_and_its_numbers_are_right() -> None:
    network = Network(2, [16, 16, 16], seed=3, activation="tanh")  # 609 parameters
    layers = tutorial_run(network, GRID).layers()
    chosen = chosen_parameters(layers)
    assert chosen == chosen_parameters(layers)
    assert chosen != chosen_parameters(layers, seed=1)
    # 48 + 272 + 272 + 17: the small layers are checked whole, the others share what is left.
    assert [len(layer) for layer in chosen] == [48, 67, 68, 17]
    first = gradient_check(network, GRID[::8])
    assert first == gradient_check(network, GRID[::8])
    assert max(check.max_error for check in first) <= 1e-6


def test_a_small_network_is_checked_in_full() -> None:
    network = Network(2, [8, 8], seed=0)
    checks = gradient_check(network, FEW)
    assert [check.parameters for check in checks] == [24, 72, 9]
    assert all(check.parameters == check.in_layer for check in checks)


def test_one_parameter_at_a_time_with_its_progress() -> None:
    network = Network(2, [4, 3], seed=2)  # 12 + 15 + 4 parameters
    before = network_state(network)
    progress = list(checking_gradients(tutorial_run(network, GRID)))
    assert [item.done for item in progress] == list(range(32))
    assert all(item.total == 31 and item.layers == 3 for item in progress)
    assert [item.layer for item in progress[:-1]] == [0] * 12 + [1] * 15 + [2] * 4
    assert [len(item.checked) for item in progress[:-1]] == [0] * 12 + [1] * 15 + [2] * 4
    assert progress[-1].finished and not any(item.finished for item in progress[:-1])
    assert list(progress[-1].checked) == gradient_check(network, GRID)
    assert network_state(network) == before


def test_a_check_closed_half_way_leaves_the_network_as_it_was() -> None:
    network = Network(2, [4, 3], seed=2)
    before = network_state(network)
    steps = checking_gradients(tutorial_run(network, GRID))
    for _ in range(7):
        next(steps)
    steps.close()
    assert network_state(network) == before


def test_a_bad_request_is_refused_when_asked_not_when_first_taken() -> None:
    with pytest.raises(ValueError, match="at least one sample"):
        checking_gradients(tutorial_run(Network(2, [2]), GRID), [])
