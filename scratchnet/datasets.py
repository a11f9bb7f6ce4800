"""Datasets: points (x, y) in [-2, 2]² with a label, 1.0 for one class and 0.0 for the other.

`grid` is the tutorial's own dataset: a regular grid of points, labelled by whether they are
inside the unit circle (it is not the Playground's `circle`, two rings of random points). `xor`,
`gauss` and `spiral` are TensorFlow Playground's
classification datasets, drawn the way the Playground draws them but a third the size, because
the Playground's square is [-6, 6]² and ours is [-2, 2]². Each takes a number of points, a noise
level in percent (0 to 50, the Playground's slider) and a seed. Each draws from its own
`random.Random(seed)`, never from the global one, so the same seed always gives the same points
and nothing else in the program can change them.
"""

import math
import random

Sample = tuple[float, float, float]

# The datasets there are, by the name the options use; grid, the tutorial's, is the default.
DATASETS = ("grid", "xor", "gauss", "spiral")
# What the app calls a dataset where it shows the choices, if not just its name.
DATASET_LABELS = {"grid": "grid (the tutorial's)"}
MAX_NOISE = 50.0


def inside_unit_circle(x: float, y: float) -> float:
    """The tutorial's objective o(x, y): 1.0 inside the unit circle, 0.0 outside."""
    return 1.0 if x * x + y * y < 1 else 0.0


def grid(sample_density: int = 10) -> list[Sample]:
    """The tutorial's grid over [-2, 2]²: (density + 1)² points, x in the outer loop.

    Each is labelled 1.0 inside the unit circle and 0.0 outside (`inside_unit_circle`).

    With the default density of 10 that is 121 points, starting (-2.0, -2.0, 0.0),
    (-2.0, -1.6, 0.0), ...
    """
    if sample_density < 1:
        raise ValueError(f"sample_density must be at least 1, got {sample_density}")
    points = [
        (-2.0 + 4 * i / sample_density, -2.0 + 4 * j / sample_density)
        for i in range(sample_density + 1)
        for j in range(sample_density + 1)
    ]
    return [(x, y, inside_unit_circle(x, y)) for x, y in points]


def _check(points: int, noise: float) -> None:
    if points < 1:
        raise ValueError(f"a dataset needs at least one point, got {points}")
    if not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be between 0 and {MAX_NOISE:g} percent, got {noise}")


def xor(points: int = 500, noise: float = 0.0, seed: int = 0) -> list[Sample]:
    """Points spread evenly over the square; label 1.0 where x and y have the same sign.

    A small gap keeps points off the axes. Noise does not move the points: it moves where each
    point is *judged*, by up to noise% of 5/3 across and up or down, so points near the axes
    may get the other quadrant's label, as in the Playground.
    """
    _check(points, noise)
    rng = random.Random(seed)
    spread, gap, shake = 5 / 3, 0.1, 5 / 3 * noise / 100
    samples = []
    for _ in range(points):
        x = rng.uniform(-spread, spread)
        x += gap if x > 0 else -gap
        y = rng.uniform(-spread, spread)
        y += gap if y > 0 else -gap
        judged_x = x + rng.uniform(-1, 1) * shake
        judged_y = y + rng.uniform(-1, 1) * shake
        samples.append((x, y, 1.0 if judged_x * judged_y >= 0 else 0.0))
    return samples


def gauss(points: int = 500, noise: float = 0.0, seed: int = 0) -> list[Sample]:
    """Two round blobs: label 1.0 around (2/3, 2/3), label 0.0 around (-2/3, -2/3).

    Noise widens the blobs until they overlap (standard deviation 0.24 at 0 % up to 0.67 at
    50 %). A point that falls outside the square is drawn again, so all stay inside.
    """
    _check(points, noise)
    rng = random.Random(seed)
    variance = 0.5 + 3.5 * (noise / 100) / 0.5  # the Playground's: 0.5 at no noise, 4 at 50 %
    spread = math.sqrt(variance) / 3
    samples = []
    for centre, label, count in [(2 / 3, 1.0, points - points // 2), (-2 / 3, 0.0, points // 2)]:
        for _ in range(count):
            x, y = _inside_square(rng, centre, spread)
            samples.append((x, y, label))
    return samples


def _inside_square(rng: random.Random, centre: float, spread: float) -> tuple[float, float]:
    """A point from a round Gaussian blob at (centre, centre), drawn again until in [-2, 2]²."""
    while True:
        x, y = rng.gauss(centre, spread), rng.gauss(centre, spread)
        if -2 <= x <= 2 and -2 <= y <= 2:
            return x, y


def spiral(points: int = 500, noise: float = 0.0, seed: int = 0) -> list[Sample]:
    """Two spirals wound around each other, 1.75 turns each, out to radius 5/3.

    The second spiral (label 0.0) is the first (label 1.0) turned half a turn. Noise moves each
    point by up to noise/300 across and up or down (1/6 at 50 %): the Playground's shake, a
    third the size like everything else here.
    """
    _check(points, noise)
    rng = random.Random(seed)
    shake = noise / 100 / 3
    samples = []
    for turn, label, count in [(0.0, 1.0, points - points // 2), (math.pi, 0.0, points // 2)]:
        for i in range(count):
            r = i / count * 5 / 3
            t = 1.75 * i / count * 2 * math.pi + turn
            x = r * math.sin(t) + rng.uniform(-1, 1) * shake
            y = r * math.cos(t) + rng.uniform(-1, 1) * shake
            samples.append((x, y, label))
    return samples


def make_dataset(
    name: str, *, density: int = 10, points: int = 500, noise: float = 0.0, seed: int = 0
) -> list[Sample]:
    """The dataset called `name`: grid uses `density` only, the others points, noise and seed."""
    if name == "grid":
        return grid(density)
    if name == "xor":
        return xor(points, noise, seed)
    if name == "gauss":
        return gauss(points, noise, seed)
    if name == "spiral":
        return spiral(points, noise, seed)
    raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")


def dataset_size(name: str, *, density: int = 10, points: int = 500) -> int:
    """How many points `make_dataset` makes, without making any: (density + 1)² for the grid,
    `points` for the others. A saved run's lists are checked against it before anything is
    drawn, so that a small file cannot make us draw a million points it has no room for."""
    return (density + 1) ** 2 if name == "grid" else points


def split_sizes(count: int, train_ratio: float = 100.0) -> tuple[int, int]:
    """How many of `count` points `split` trains on and tests on, at `train_ratio` percent."""
    if not 0 < train_ratio <= 100:
        raise ValueError(f"train_ratio must be more than 0 and at most 100, got {train_ratio}")
    num_train = max(1, math.floor(count * train_ratio / 100))
    return (count, 0) if num_train >= count else (num_train, count - num_train)


def split(
    samples: list[Sample], train_ratio: float = 100.0, seed: int = 0
) -> tuple[list[Sample], list[Sample]]:
    """Split into (training set, test set), `train_ratio` percent (10 to 100) for training.

    Which points are held out for testing is drawn from `seed` (the data seed); both parts keep
    the points in the dataset's order. At 100 % (the tutorial's way) the training set is every
    point, in order, and the test set is empty. The training set always has at least one point.
    """
    num_train, num_test = split_sizes(len(samples), train_ratio)
    if not num_test:
        return list(samples), []
    # A generator of its own, seeded from the data seed but not the same stream as the points.
    rng = random.Random(f"split {seed}")
    held_out = set(rng.sample(range(len(samples)), len(samples) - num_train))
    train = [sample for i, sample in enumerate(samples) if i not in held_out]
    test = [sample for i, sample in enumerate(samples) if i in held_out]
    return train, test
