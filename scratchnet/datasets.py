"""Datasets: points (x, y) with a label, 1.0 for one class and 0.0 for the other."""

Sample = tuple[float, float, float]


def inside_unit_circle(x: float, y: float) -> float:
    """The tutorial's objective o(x, y): 1.0 inside the unit circle, 0.0 outside."""
    return 1.0 if x * x + y * y < 1 else 0.0


def circle(sample_density: int = 10) -> list[Sample]:
    """The tutorial's grid over [-2, 2]²: (density + 1)² points, x in the outer loop.

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
