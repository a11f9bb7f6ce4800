"""pyte read quickly: its byte stream reading whole escape sequences, and its screen's text
worked out again only where it changed.

pyte reads everything but plain text one character at a time, through a generator: for a
Textual app, whose every frame is mostly cursor moves and colours (`ESC [ 38;2;... m`), that was
most of the time the end-to-end tests spent in their own process. `QuickByteStream` reads each
complete CSI sequence of digits and semicolons (`ESC [ 12;40 H`, `ESC [ ? 25 l`) with one
regular expression and calls the screen's method for it with the arguments pyte's own parser
gives it; anything else (other escapes, control characters, a sequence cut in two by a read)
goes to pyte's parser, as before. The screen is pyte's own, so what it shows is the same, cell
for cell and colour for colour (tests/unit/test_quick_stream.py compares the two on random
output, cut at random places).

Two of the screen's own methods then took most of the time left, and are done here the same way,
more quickly, where they can be:

- text that fits on the cursor's line, every character one cell wide, and no insert mode:
  pyte's `Screen.draw` works out each character's width, wrap and insert mode one character at
  a time; here the line's cells are written at once, each the cell pyte would make (anything
  else, a wide or combining character, a wrap, insert mode: pyte's own `draw`);
- colours and attributes (`ESC [ 38;2;... m`, `select_graphic_rendition`): what they make of
  the cursor's attributes depends on those, the numbers and the screen's reverse mode only, so
  each result is remembered and given again the next time the same three meet.

With those, and a line without wide characters read whole (`line_text`), reading the app's
output, with its text after every read, takes a quarter of the CPU it took before them
(1.05 -> 0.25 s for 1.1 MB of the app's frames at 120x40).

`ScreenText` gives the screen's text as `pyte.Screen.display` does, but works out again only
the lines pyte marks as changed (`Screen.dirty`): the tests ask for the text after every read,
and building all of a 120x40 screen's lines each time was a fifth of their time with pyte.
"""

import re
from operator import attrgetter

import pyte
from pyte.modes import DECSCNM, IRM
from pyte.screens import Char, wcwidth  # pyte's own, remembered for each character

# ESC [, an optional ? (private), parameters, and the final letter that names the command.
CSI = re.compile(r"\x1b\[(\?)?([0-9;]*)([@A-Za-z])")
# How many parameter strings and colour changes are remembered before starting again (a long
# soak's screen could meet many different colours).
REMEMBERED = 4096
REMEMBERED_ATTRIBUTES = 256  # sets of attributes whose cells are remembered (`Cells`)


class QuickByteStream(pyte.ByteStream):
    """A `pyte.ByteStream` that reads whole CSI sequences at once (see the module's docstring)."""

    def attach(self, screen: pyte.Screen) -> None:
        super().attach(screen)
        # Bound once, as pyte's parser binds its own.
        self._commands = {final: getattr(screen, name) for final, name in self.csi.items()}
        self._params: dict[str, tuple[int, ...]] = {}
        # (the cursor's attributes, the numbers, reverse mode) -> the attributes they make
        self._renditions: dict[tuple[Char, str, bool], Char] = {}
        self._cells: dict[Char, Cells] = {}  # the cells drawn so far, by their attributes
        # Only pyte's own screen is drawn on here: a kind of screen of its own (a history, say)
        # may do more in those methods, and is left to them.
        self._quick = type(screen) is pyte.Screen

    def feed(self, data: bytes) -> None:
        if not self.use_utf8:  # a charset other than UTF-8 was chosen: pyte's own way
            super().feed(data)
            return
        self._feed_text(self.utf8_decoder.decode(data))

    def _feed_text(self, data: str) -> None:
        """`pyte.Stream.feed`, with a CSI sequence read whole when the parser is between
        sequences (`_taking_plain_text`)."""
        screen = self.listener
        assert screen is not None
        draw = self._draw if self._quick else screen.draw
        commands = self._commands
        remembered = self._params
        renditions = self._renditions if self._quick else None
        send = self._send_to_parser
        text = self._text_pattern.match
        sequence = CSI.match
        between = self._taking_plain_text
        offset, length = 0, len(data)
        while offset < length:
            if between:
                found = text(data, offset)
                if found is not None:
                    offset = found.end()
                    draw(found.group())
                    continue
                found = sequence(data, offset)
                command = None if found is None else commands.get(found.group(3))
                if found is not None and command is not None:
                    private, numbers, final = found.groups()
                    offset = found.end()
                    params = remembered.get(numbers)
                    if params is None:
                        if len(remembered) >= REMEMBERED:
                            remembered.clear()
                        # As pyte's parser: each number at most 9999, an empty one 0.
                        params = tuple(min(int(number or 0), 9999) for number in numbers.split(";"))
                        remembered[numbers] = params
                    if private:
                        command(*params, private=True)
                    elif final == "m" and renditions is not None:
                        key = (screen.cursor.attrs, numbers, DECSCNM in screen.mode)
                        made = renditions.get(key)
                        if made is None:
                            if len(renditions) >= REMEMBERED:
                                renditions.clear()
                            command(*params)
                            made = renditions[key] = screen.cursor.attrs
                        else:
                            screen.cursor.attrs = made
                    else:
                        command(*params)
                    continue
            between = send(data[offset])
            offset += 1
        self._taking_plain_text = between

    def _draw(self, data: str) -> None:
        """`pyte.Screen.draw(data)`, at once where it writes `data` on the cursor's line one
        cell a character, with nothing to insert or wrap (see the module's docstring)."""
        screen = self.listener
        assert screen is not None
        text = data.translate(screen.g1_charset if screen.charset else screen.g0_charset)
        cursor = screen.cursor
        start = cursor.x
        end = start + len(text)
        if end > screen.columns or IRM in screen.mode or not all_narrow(text):
            screen.draw(data)  # which translates it itself
            return
        attrs = cursor.attrs
        cells = self._cells.get(attrs)
        if cells is None:
            if len(self._cells) >= REMEMBERED_ATTRIBUTES:
                self._cells.clear()
            cells = self._cells[attrs] = Cells(attrs)
        screen.buffer[cursor.y].update(zip(range(start, end), map(cells.__getitem__, text)))
        cursor.x = end
        screen.dirty.add(cursor.y)


class Cells(dict[str, Char]):
    """The cells `pyte.Screen.draw` writes with the attributes `attrs`, by their character:
    `attrs._replace(data=character)`, made the first time, then given again (a cell is a
    tuple, which no one changes)."""

    def __init__(self, attrs: Char) -> None:
        super().__init__()
        self.kind = type(attrs)
        self.rest = attrs[1:]  # all but `data`, the character

    def __missing__(self, character: str) -> Char:
        cell: Char = tuple.__new__(self.kind, (character, *self.rest))
        self[character] = cell
        return cell


class ScreenText:
    """`screen`'s text, as `"\\n".join(screen.display)`, each line built again only once pyte
    has marked it changed. Nothing else may clear `screen.dirty`."""

    def __init__(self, screen: pyte.Screen) -> None:
        self.screen = screen
        self.lines: list[str] = []
        self.text = ""

    def __call__(self) -> str:
        screen = self.screen
        if len(self.lines) != screen.lines:  # the first time, or the screen was resized
            self.lines = [""] * screen.lines
            screen.dirty.update(range(screen.lines))
        if screen.dirty:
            for y in screen.dirty:
                if y < screen.lines:
                    self.lines[y] = line_text(screen, y)
            screen.dirty.clear()
            self.text = "\n".join(self.lines)
        return self.text


def line_text(screen: pyte.Screen, y: int) -> str:
    """Line `y` of `screen.display`, worked out as pyte works it out: a wide character's second
    cell is skipped. A line of characters one cell wide is its cells' characters joined, read at
    once; any other (an empty cell, which only a wide character leaves) cell by cell."""
    line = screen.buffer[y]
    cells = list(map(DATA, map(line.__getitem__, range(screen.columns))))
    text = "".join(cells)
    if "" not in cells and all_narrow(text):
        return text
    characters = []
    wide = False
    for x in range(screen.columns):
        if wide:
            wide = False
            continue
        character = line[x].data
        characters.append(character)
        wide = wcwidth(character[0]) == 2
    return "".join(characters)


NARROW: set[str] = set()  # characters seen so far that take one cell
DATA = attrgetter("data")  # a cell's character


def all_narrow(text: str) -> bool:
    """Whether every character of `text` takes one cell, as pyte counts them (`wcwidth`)."""
    if NARROW.issuperset(text):
        return True
    for character in set(text) - NARROW:
        if wcwidth(character) != 1:
            return False
        NARROW.add(character)
    return True
