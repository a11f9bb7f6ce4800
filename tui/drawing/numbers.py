"""Numbers as the screen writes them: with a fixed number of decimals, and never wider than a
line can take.

A weight of 1e308 is a finite number a run may hold (typed in the diagram, or read from a file),
and with three decimals it is 313 characters: from a million on, the screen writes numbers in
scientific notation with the same number of decimals. Infinities and NaN are written as Python
writes them (`inf`, `nan`).
"""

import math

LARGE = 1e6  # from here on, 1.000e+06 is shorter than 1000000.000, and reads better


def fixed(value: float, places: int, signed: bool = False) -> str:
    """`value` with `places` decimals (a `+` before positive numbers if `signed`)."""
    sign = "+" if signed else ""
    if math.isfinite(value) and abs(value) >= LARGE:
        return f"{value:{sign}.{places}e}"
    return f"{value:{sign}.{places}f}"
