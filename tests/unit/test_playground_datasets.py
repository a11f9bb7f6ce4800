"""The Playground's datasets (xor, gauss, spiral) and the train/test split."""

import math
import random
from collections.abc import Callable

import pytest

from scratchnet.datasets import Sample, gauss, grid, make_dataset, spiral, split, xor

Maker = Callable[[int, float, int], list[Sample]]
MAKERS: list[Maker] = [xor, gauss, spiral]
IDS = ["xor", "gauss", "spiral"]


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
@pytest.mark.parametrize("noise", [0.0, 25.0, 50.0])
@pytest.mark.parametrize("points", [1, 2, 7, 500])
def test_shape_labels_and_square(make: Maker, noise: float, points: int) -> None:
    samples = make(points, noise, 3)
    assert len(samples) == points
    assert all(len(sample) == 3 for sample in samples)
    assert {label for _, _, label in samples} <= {0.0, 1.0}
    assert all(-2 <= x <= 2 and -2 <= y <= 2 for x, y, _ in samples)
    assert all(isinstance(value, float) for sample in samples for value in sample)


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_both_classes_and_their_balance(make: Maker) -> None:
    labels = [label for _, _, label in make(500, 0.0, 0)]
    ones = labels.count(1.0)
    if make is xor:  # xor's classes are as many as the quadrants' points: about half
        assert 200 < ones < 300
    else:  # gauss and spiral draw half of each; an odd point goes to class 1
        assert ones == 250
        assert [label for _, _, label in make(7, 0.0, 0)].count(1.0) == 4


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_a_seed_gives_the_same_points_and_leaves_the_global_random_alone(make: Maker) -> None:
    random.seed(42)
    state = random.getstate()
    first = make(100, 20.0, 5)
    assert random.getstate() == state, "datasets must draw from their own random.Random"
    random.seed(7)
    assert make(100, 20.0, 5) == first
    assert make(100, 20.0, 6) != first


def test_xor_labels_are_the_quadrants_without_noise_and_noise_flips_some() -> None:
    clean = xor(400, 0.0, 1)
    assert all(label == (1.0 if x * y >= 0 else 0.0) for x, y, label in clean)
    assert all(abs(x) >= 0.1 and abs(y) >= 0.1 for x, y, _ in clean), "the gap off the axes"
    noisy = xor(400, 50.0, 1)
    # Noise moves where a point is judged, not the point: same points, some labels changed.
    assert [(x, y) for x, y, _ in noisy] == [(x, y) for x, y, _ in clean]
    flipped = [(x, y) for (x, y, a), (_, _, b) in zip(clean, noisy) if a != b]
    assert 10 < len(flipped) < 200
    # A label flips only where a shake of up to 5/6 (50 % of 5/3) crosses an axis, and both
    # coordinates are shaken: some flips only x's shake can explain, some only y's.
    shake = 5 / 6
    assert all(min(abs(x), abs(y)) <= shake for x, y in flipped)
    assert any(abs(x) <= shake < abs(y) for x, y in flipped)
    assert any(abs(y) <= shake < abs(x) for x, y in flipped)


def test_gauss_blobs_sit_on_the_diagonal_and_noise_widens_them() -> None:
    def spread(samples: list[Sample], label: float) -> tuple[float, float, float]:
        xs = [x for x, _, t in samples if t == label]
        ys = [y for _, y, t in samples if t == label]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        sd = math.sqrt(sum((x - mean_x) ** 2 for x in xs) / len(xs))
        return mean_x, mean_y, sd

    clean, noisy = gauss(2000, 0.0, 0), gauss(2000, 50.0, 0)
    mean_x, mean_y, sd = spread(clean, 1.0)
    assert mean_x == pytest.approx(2 / 3, abs=0.03) and mean_y == pytest.approx(2 / 3, abs=0.03)
    assert sd == pytest.approx(math.sqrt(0.5) / 3, rel=0.1)
    assert spread(clean, 0.0)[0] == pytest.approx(-2 / 3, abs=0.03)
    assert spread(noisy, 1.0)[2] > 2 * sd
    # Without noise the blobs hardly touch: the line x + y = 0 separates them.
    assert all((x + y > 0) == (t == 1.0) for x, y, t in clean[:200] + clean[-200:])


def test_spiral_arms_are_half_a_turn_apart_and_noise_shakes_them() -> None:
    clean = spiral(100, 0.0, 0)
    ones = [(x, y) for x, y, t in clean if t == 1.0]
    zeros = [(x, y) for x, y, t in clean if t == 0.0]
    assert ones[0] == (0.0, 0.0)
    for (x1, y1), (x0, y0) in zip(ones, zeros):
        assert x0 == pytest.approx(-x1, abs=1e-12) and y0 == pytest.approx(-y1, abs=1e-12)
    radii = [math.hypot(x, y) for x, y in ones]
    assert radii == sorted(radii) and radii[-1] == pytest.approx(49 / 50 * 5 / 3)
    noisy = spiral(100, 50.0, 0)
    moves = [math.hypot(a[0] - b[0], a[1] - b[1]) for a, b in zip(clean, noisy)]
    assert 0 < max(moves) <= 0.5 / 3 * math.sqrt(2)
    assert [t for _, _, t in noisy] == [t for _, _, t in clean]


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
@pytest.mark.parametrize(("points", "noise"), [(0, 0.0), (10, -1.0), (10, 50.5), (10, math.nan)])
def test_bad_arguments_raise(make: Maker, points: int, noise: float) -> None:
    with pytest.raises(ValueError):
        make(points, noise, 0)


def test_make_dataset_by_name() -> None:
    assert make_dataset("grid") == grid(10)
    assert make_dataset("grid", density=4, points=9, noise=30, seed=2) == grid(4)
    assert make_dataset("xor", points=30, noise=10, seed=2) == xor(30, 10, 2)
    assert make_dataset("gauss", points=30, noise=10, seed=2) == gauss(30, 10, 2)
    assert make_dataset("spiral", points=30, noise=10, seed=2) == spiral(30, 10, 2)
    with pytest.raises(ValueError, match="grid, xor, gauss, spiral"):
        make_dataset("moons")


def test_full_ratio_keeps_every_point_in_order() -> None:
    samples = grid()
    train, test = split(samples, 100.0, seed=3)
    assert train == samples and test == []


@pytest.mark.parametrize(
    ("count", "ratio", "num_train"),
    [(121, 50, 60), (121, 10, 12), (121, 90, 108), (500, 70, 350), (4, 10, 1), (2, 50, 1)],
)
def test_split_sizes(count: int, ratio: float, num_train: int) -> None:
    samples = xor(count, 0.0, 0)
    train, test = split(samples, ratio, seed=0)
    assert len(train) == num_train
    assert len(test) == count - num_train


def test_split_is_a_partition_that_keeps_order_and_follows_the_seed() -> None:
    samples = xor(200, 0.0, 0)
    train, test = split(samples, 60, seed=1)
    assert sorted(train + test) == sorted(samples)
    positions = {sample: i for i, sample in enumerate(samples)}
    assert [positions[s] for s in train] == sorted(positions[s] for s in train)
    assert [positions[s] for s in test] == sorted(positions[s] for s in test)
    assert split(samples, 60, seed=1) == (train, test)
    assert split(samples, 60, seed=2) != (train, test)
    with pytest.raises(ValueError):
        split(samples, 0)
    with pytest.raises(ValueError):
        split(samples, 101)
