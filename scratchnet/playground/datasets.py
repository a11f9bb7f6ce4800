"""TensorFlow Playground's data: src/dataset.ts's generators and playground.ts's generateData.

Every generator draws on the Playground's square [-6, 6] x [-6, 6], from `rand` (the run's
`SeedRandom.random`), in exactly the order the TypeScript calls `Math.random()`, so a seed gives
the very points a browser shows. Every operation is written in the TypeScript's order too:
floating point gives the same bits only for the same operations in the same order.

A point is (x, y, label): the label is +1 or -1 for classification, a number in [-1, 1] for
regression. `noise` is the Playground's slider divided by 100 (0 to 0.5).
"""

import math
from collections.abc import Callable

Point = tuple[float, float, float]
Random = Callable[[], float]

NUM_SAMPLES_CLASSIFY = 500  # playground.ts: the number of points of a classification dataset
NUM_SAMPLES_REGRESS = 1200  # and of a regression dataset


def rand_uniform(rand: Random, a: float, b: float) -> float:
    """dataset.ts randUniform: a number in [a, b)."""
    return rand() * (b - a) + a


def normal_random(rand: Random, mean: float, variance: float) -> float:
    """dataset.ts normalRandom: the polar Box-Muller method (Marsaglia's), one of the pair."""
    while True:
        v1 = 2 * rand() - 1
        v2 = 2 * rand() - 1
        s = v1 * v1 + v2 * v2
        if s <= 1:
            break
    result = math.sqrt(-2 * math.log(s) / s) * v1
    return mean + math.sqrt(variance) * result


def linear_scale(
    domain: tuple[float, float], range_: tuple[float, float], clamp: bool = False
) -> Callable[[float], float]:
    """d3.scale.linear() (d3 v3) with two-number domain and range: the Playground's scales."""
    a, b = domain
    span = b - a
    low, high = range_

    def scale(value: float) -> float:
        t = (value - a) / span
        if clamp:
            t = max(0.0, min(1.0, t))
        return low * (1 - t) + high * t  # d3_interpolateNumber

    return scale


def classify_circle(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts classifyCircleData: +1 inside radius 2.5, -1 in the ring from 3.5 to 5."""
    points: list[Point] = []
    radius = 5

    def label_of(x: float, y: float) -> float:
        return 1 if math.sqrt(x * x + y * y) < radius * 0.5 else -1

    for low, high in ((0, radius * 0.5), (radius * 0.7, radius)):
        for _ in range(math.ceil(num_samples / 2)):  # JavaScript's i < numSamples / 2
            r = rand_uniform(rand, low, high)
            angle = rand_uniform(rand, 0, 2 * math.pi)
            x = r * math.sin(angle)
            y = r * math.cos(angle)
            noise_x = rand_uniform(rand, -radius, radius) * noise
            noise_y = rand_uniform(rand, -radius, radius) * noise
            points.append((x, y, label_of(x + noise_x, y + noise_y)))
    return points


def classify_xor(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts classifyXORData: +1 where x and y have the same sign, kept 0.3 off the axes."""
    points: list[Point] = []
    padding = 0.3
    for _ in range(num_samples):
        x = rand_uniform(rand, -5, 5)
        x += padding if x > 0 else -padding
        y = rand_uniform(rand, -5, 5)
        y += padding if y > 0 else -padding
        noise_x = rand_uniform(rand, -5, 5) * noise
        noise_y = rand_uniform(rand, -5, 5) * noise
        label = 1 if (x + noise_x) * (y + noise_y) >= 0 else -1
        points.append((x, y, label))
    return points


def classify_two_gauss(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts classifyTwoGaussData: +1 around (2, 2), -1 around (-2, -2); noise widens."""
    points: list[Point] = []
    variance = linear_scale((0, 0.5), (0.5, 4))(noise)
    for cx, cy, label in ((2, 2, 1), (-2, -2, -1)):
        for _ in range(math.ceil(num_samples / 2)):
            x = normal_random(rand, cx, variance)
            y = normal_random(rand, cy, variance)
            points.append((x, y, label))
    return points


def classify_spiral(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts classifySpiralData: two interleaved spirals, +1 and -1."""
    points: list[Point] = []
    n = num_samples / 2
    for delta_t, label in ((0, 1), (math.pi, -1)):
        for i in range(math.ceil(n)):
            r = i / n * 5
            t = 1.75 * i / n * 2 * math.pi + delta_t
            x = r * math.sin(t) + rand_uniform(rand, -1, 1) * noise
            y = r * math.cos(t) + rand_uniform(rand, -1, 1) * noise
            points.append((x, y, label))
    return points


def regress_plane(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts regressPlane: the label rises from -1 to 1 along x + y."""
    points: list[Point] = []
    radius = 6
    label_scale = linear_scale((-10, 10), (-1, 1))
    for _ in range(num_samples):
        x = rand_uniform(rand, -radius, radius)
        y = rand_uniform(rand, -radius, radius)
        noise_x = rand_uniform(rand, -radius, radius) * noise
        noise_y = rand_uniform(rand, -radius, radius) * noise
        points.append((x, y, label_scale((x + noise_x) + (y + noise_y))))
    return points


def regress_gaussian(rand: Random, num_samples: int, noise: float) -> list[Point]:
    """dataset.ts regressGaussian: six bumps of +1 and -1; the strongest one at a point wins."""
    points: list[Point] = []
    label_scale = linear_scale((0, 2), (1, 0), clamp=True)
    gaussians = (
        (-4, 2.5, 1),
        (0, 2.5, -1),
        (4, 2.5, 1),
        (-4, -2.5, -1),
        (0, -2.5, 1),
        (4, -2.5, -1),
    )

    def label_of(x: float, y: float) -> float:
        label = 0.0
        for cx, cy, sign in gaussians:
            dx = x - cx
            dy = y - cy
            new_label = sign * label_scale(math.sqrt(dx * dx + dy * dy))
            if abs(new_label) > abs(label):
                label = new_label
        return label

    radius = 6
    for _ in range(num_samples):
        x = rand_uniform(rand, -radius, radius)
        y = rand_uniform(rand, -radius, radius)
        noise_x = rand_uniform(rand, -radius, radius) * noise
        noise_y = rand_uniform(rand, -radius, radius) * noise
        points.append((x, y, label_of(x + noise_x, y + noise_y)))
    return points


GENERATORS: dict[str, Callable[[Random, int, float], list[Point]]] = {
    "circle": classify_circle,
    "xor": classify_xor,
    "gauss": classify_two_gauss,
    "spiral": classify_spiral,
    "reg-plane": regress_plane,
    "reg-gauss": regress_gaussian,
}


def shuffle(rand: Random, points: list[Point]) -> None:
    """dataset.ts shuffle: Fisher-Yates in place, from the last position down."""
    counter = len(points)
    while counter > 0:
        index = math.floor(rand() * counter)
        counter -= 1
        points[counter], points[index] = points[index], points[counter]


def generate_data(
    rand: Random, generator: str, noise_percent: int, perc_train_data: int, regression: bool
) -> tuple[list[Point], list[Point]]:
    """playground.ts generateData: draw the points, shuffle them, split into (train, test)."""
    num_samples = NUM_SAMPLES_REGRESS if regression else NUM_SAMPLES_CLASSIFY
    points = GENERATORS[generator](rand, num_samples, noise_percent / 100)
    shuffle(rand, points)
    split_index = math.floor(len(points) * perc_train_data / 100)
    return points[:split_index], points[split_index:]
