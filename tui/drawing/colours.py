"""Colours: TensorFlow Playground's scale, quantised, and the colours of the data points.

The prediction 0 is orange, 0.5 a light neutral and 1 blue, as in the Playground. The worker
quantises predictions to a few dozen levels; the picture then draws each level in the nearest
colour the terminal can show (`Shades`). Over SSH that is usually 256 colours, where the 25
levels collapse to 11 shades: neighbouring cells of one shade merge into one run of text with
one colour code, and a row whose shades did not change is not sent again. The background is a
softer version of the scale so that the data points, drawn in the pure colours, stay visible on
their own side and stand out on the wrong one.

A terminal with fewer colours than 256 (the Linux console, TERM=vt100: 16 at most) cannot tell
the levels apart, and NO_COLOR asks for none: there the picture is drawn in shade characters
instead (`SHADE_CHARACTERS`, prediction 0 blank to 1 solid), each in a hint of its side's
colour where the terminal has one, so the picture means the same in black and white.
"""

import math
from functools import cache

from rich.color import Color, ColorSystem
from rich.console import COLOR_SYSTEMS
from rich.style import Style

ORANGE = (0xF5, 0x93, 0x22)
NEUTRAL = (0xE8, 0xEA, 0xEB)
BLUE = (0x08, 0x77, 0xBD)
LEVELS = 25  # 12 shades of orange, the neutral middle, 12 shades of blue
SOFTEN = 0.25  # how far the picture's ends are pulled towards the neutral middle

SHADE_CHARACTERS = " ░▒▓█"  # a prediction of 0 (orange) blank, 0.5 half, 1 (blue) solid
# Colours from which on the terminal can tell the levels apart; with fewer, characters.
COLOURFUL_SYSTEMS = ("truecolor", "256")

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
    if math.isnan(prediction):
        return LEVELS // 2
    return round(min(1.0, max(0.0, prediction)) * (LEVELS - 1))


def level_rgb(level: int) -> RGB:
    """The picture's colour for a level: orange, through the neutral, to blue (softened)."""
    middle = (LEVELS - 1) / 2
    if level <= middle:
        return mix(mix(ORANGE, NEUTRAL, SOFTEN), NEUTRAL, level / middle)
    return mix(NEUTRAL, mix(BLUE, NEUTRAL, SOFTEN), (level - middle) / middle)


class Shades:
    """The colours one terminal shows for the levels, numbered so equal colours are equal ints.

    `of[level]` is the shade of a level; `colors[shade]` its colour; styles are cached per pair.
    On a 256-colour terminal the levels are merged where the terminal shows them alike; with
    true colour every level is its own shade. With `characters`, the shades are the
    `SHADE_CHARACTERS` instead, and `colors` only tints them.
    """

    def __init__(self, color_system: str | None, characters: bool = False) -> None:
        """`color_system` as Rich names it: "truecolor", "256", "standard", or None."""
        self.characters = characters
        if characters:
            self._as_characters()
            return
        system = COLOR_SYSTEMS.get(color_system or "truecolor", ColorSystem.TRUECOLOR)
        colors: list[Color] = []
        self.of: list[int] = []
        for level in range(LEVELS):
            color = Color.from_rgb(*level_rgb(level))
            if system == ColorSystem.EIGHT_BIT:  # 16 colours: left to Textual's own mapping
                number = color.downgrade(system).number
                color = Color.from_ansi(number if number is not None else 0)
            if color not in colors:
                colors.append(color)
            self.of.append(colors.index(color))
        self.colors = colors
        # "Discretised": every level below the middle shows as the orange end, above as blue.
        middle = LEVELS // 2
        self.discrete = [
            self.of[0] if level < middle else self.of[-1] if level > middle else self.of[middle]
            for level in range(LEVELS)
        ]

    def _as_characters(self) -> None:
        """One shade per character, each level to the character nearest its prediction."""
        last = len(SHADE_CHARACTERS) - 1
        self.of = [round(level / (LEVELS - 1) * last) for level in range(LEVELS)]
        middle = last // 2
        self.colors = [
            Color.from_rgb(*(ORANGE if shade < middle else BLUE if shade > middle else NEUTRAL))
            for shade in range(last + 1)
        ]
        self.discrete = [
            0 if level < LEVELS // 2 else last if level > LEVELS // 2 else middle
            for level in range(LEVELS)
        ]

    @cache  # noqa: B019 - a handful of Shades objects live as long as the app
    def cell(self, upper: int, lower: int) -> Style:
        """A half-block cell: the upper shade in front (`▀`), the lower one behind.

        With `characters`, the tint of the upper shade's character (see `glyph`).
        """
        if self.characters:
            return Style(color=self.colors[upper])
        if upper == lower:
            return Style(bgcolor=self.colors[lower])
        return Style(color=self.colors[upper], bgcolor=self.colors[lower])

    def glyph(self, upper: int, lower: int) -> tuple[str, Style]:
        """What a cell of two samples shows: a half block in colour, or the upper sample's
        shade character (a cell holds one character, and the picture stays square)."""
        if self.characters:
            return SHADE_CHARACTERS[upper], self.cell(upper, upper)
        return (" " if upper == lower else "▀"), self.cell(upper, lower)

    @cache  # noqa: B019
    def point(self, label: float, shade: int) -> Style:
        """A data point in its label's pure colour, on the shade under it (bold, on nothing,
        with `characters`: the point's character says its label)."""
        color = Color.from_rgb(*(BLUE if label >= 0.5 else ORANGE))
        if self.characters:
            return Style(color=color, bold=True)
        return Style(color=color, bgcolor=self.colors[shade])


@cache
def shades_for(color_system: str | None, no_color: bool = False) -> Shades:
    """The one `Shades` of a colour system: its styles are cached, so it is made only once.

    Characters (see the module) below 256 colours, and when `no_color` (NO_COLOR is set).
    """
    return Shades(color_system, characters=no_color or color_system not in COLOURFUL_SYSTEMS)
