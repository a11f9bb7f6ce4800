"""The Playground's generators: what the references do not cover (reg-gauss, the split)."""

import math

import pytest

from scratchnet.playground.datasets import GENERATORS, generate_data, regress_gaussian, shuffle
from scratchnet.playground.seedrandom import SeedRandom


def test_reg_gauss_labels_are_the_strongest_bump() -> None:
    points = regress_gaussian(SeedRandom("0.3").random, 1200, 0.0)
    assert len(points) == 1200
    for x, y, label in points:
        assert -6 <= x <= 6 and -6 <= y <= 6
        assert -1 <= label <= 1
    # Near the centre of a bump the label is its sign, fading to 0 two units away.
    centres = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    for x, y, label in points:
        for cx, cy, sign in centres:
            distance = math.hypot(x - cx, y - cy)
            if distance < 1:
                assert label == pytest.approx(sign * (1 - distance / 2))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_stays_in_the_playgrounds_square(name: str) -> None:
    regression = name.startswith("reg-")
    train, test = generate_data(SeedRandom("0.7").random, name, 0, 50, regression)
    assert len(train) == len(test) == (600 if regression else 250)
    for x, y, label in train + test:
        assert -6 <= x <= 6 and -6 <= y <= 6
        assert label in (-1, 1) or regression


def test_noise_moves_labels_not_points() -> None:
    # A point's noise only decides its label (dataset.ts): the same draws, the same places.
    quiet = generate_data(SeedRandom("0.7").random, "xor", 0, 50, False)
    noisy = generate_data(SeedRandom("0.7").random, "xor", 50, 50, False)
    assert [p[:2] for p in quiet[0]] == [p[:2] for p in noisy[0]]
    assert [p[2] for p in quiet[0]] != [p[2] for p in noisy[0]]


@pytest.mark.parametrize(("percent", "train_size"), [(10, 50), (30, 150), (90, 450)])
def test_the_split_takes_the_first_share_of_the_shuffle(percent: int, train_size: int) -> None:
    train, test = generate_data(SeedRandom("0.7").random, "circle", 0, percent, False)
    assert (len(train), len(test)) == (train_size, 500 - train_size)


def test_shuffle_is_a_permutation() -> None:
    items = [(float(i), 0.0, 1.0) for i in range(100)]
    shuffled = list(items)
    shuffle(SeedRandom("1").random, shuffled)
    assert shuffled != items and sorted(shuffled) == items
