"""Colours: TensorFlow Playground's scale, quantised, and the colours of the data points.

The prediction 0 is orange, 0.5 a light neutral and 1 blue, as in the Playground. The picture
uses a few dozen levels rather than a continuum: neighbouring cells of the same level merge into
one run of text with one colour code, and a frame in which no cell changes level costs nothing
to send. The background is a softer version of the scale so that the data points, drawn in the
pure colours, stay visible on their own side and stand out on the wrong one.
"""

from functools import cache

from rich.color import Color
from rich.style import Style

ORANGE = (0xF5, 0x93, 0x22)
NEUTRAL = (0xE8, 0xEA, 0xEB)
BLUE = (0x08, 0x77, 0xBD)
LEVELS = 25  # 12 shades of orange, the neutral middle, 12 shades of blue
SOFTEN = 0.25  # how far the picture's ends are pulled towards the neutral middle

RGB = tuple[int, int, int]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour a share t of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def level_of(prediction: float) -> int:
    """The level 0 .. LEVELS-1 of a prediction in [0, 1]; NaN (a broken run) is the middle."""
    if not 0.0 <= prediction <= 1.0:
        return LEVELS // 2 if prediction != prediction else (0 if prediction < 0 else LEVELS - 1)
    return round(prediction * (LEVELS - 1))


@cache
def level_rgb(level: int) -> RGB:
    """The picture's colour for a level: orange, through the neutral, to blue (softened)."""
    middle = (LEVELS - 1) / 2
    if level <= middle:
        end = mix(ORANGE, NEUTRAL, SOFTEN)
        return mix(end, NEUTRAL, level / middle)
    end = mix(BLUE, NEUTRAL, SOFTEN)
    return mix(NEUTRAL, end, (level - middle) / middle)


@cache
def level_color(level: int) -> Color:
    return Color.from_rgb(*level_rgb(level))


def label_color(label: float) -> Color:
    """A data point's colour: pure orange for label 0, pure blue for label 1."""
    return Color.from_rgb(*(BLUE if label >= 0.5 else ORANGE))


@cache
def cell_style(upper: int, lower: int) -> Style:
    """The style of a half-block cell: the upper sample in front, the lower one behind."""
    return Style(color=level_color(upper), bgcolor=level_color(lower))


@cache
def point_style(label: float, level: int) -> Style:
    """A data point drawn on the picture at the given level."""
    return Style(color=label_color(label), bgcolor=level_color(level), bold=True)
