"""SeedRandom draws seedrandom 2.4.4's numbers: its own test vectors and the Playground's."""

import json
from pathlib import Path

from scratchnet.playground.seedrandom import SeedRandom, mixkey

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "playground"


def test_seedrandoms_own_test_vectors() -> None:
    # davidbau/seedrandom test/nodetest.js: Math.seedrandom('hello.') then Math.random() x 3.
    random = SeedRandom("hello.").random
    assert [random(), random(), random()] == [
        0.9282578795792454,
        0.3752569768646784,
        0.7316977468919549,
    ]


def test_the_playgrounds_first_weight_follows_its_data_draws() -> None:
    # xor draws 4 numbers per point for 500 points, the shuffle 500 more; then the first weight
    # is random() - 0.5. The reference says which number the browser drew.
    reference = json.loads((REFERENCES / "xor-default.json").read_text())
    random = SeedRandom(reference["settings"]["seed"]).random
    for _ in range(4 * 500 + 500):
        random()
    first_node = reference["initial_weights"][0][0]["weights"]
    assert [random() - 0.5, random() - 0.5] == first_node


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others() -> None:
    first, second = SeedRandom("0.80007"), SeedRandom("0.80007")
    numbers = [first.random() for _ in range(5)]
    assert [second.random() for _ in range(5)] == numbers
    assert len(set(numbers)) == 5
    assert SeedRandom("0.80008").random() != numbers[0]


def test_numbers_are_in_zero_to_one() -> None:
    random = SeedRandom("0.5").random
    numbers = [random() for _ in range(2000)]
    assert all(0 <= number < 1 for number in numbers)
    assert 0.45 < sum(numbers) / len(numbers) < 0.55


def test_the_key_wraps_after_256_characters_like_mixkey() -> None:
    assert mixkey("abc") == [97, 98, 99]
    assert len(mixkey("x" * 300)) == 256
    assert mixkey("x" * 300) != mixkey("x" * 256)  # the characters past 256 still count
    assert SeedRandom("").random() == SeedRandom("\0").random()  # empty key is treated as [0]
