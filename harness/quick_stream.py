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

`ScreenText` gives the screen's text as `pyte.Screen.display` does, but works out again only
the lines pyte marks as changed (`Screen.dirty`): the tests ask for the text after every read,
and building all of a 120x40 screen's lines each time was a fifth of their time with pyte.
"""

import re

import pyte
from pyte.screens import wcwidth  # pyte's own, remembered for each character

# ESC [, an optional ? (private), parameters, and the final letter that names the command.
CSI = re.compile(r"\x1b\[(\?)?([0-9;]*)([@A-Za-z])")


class QuickByteStream(pyte.ByteStream):
    """A `pyte.ByteStream` that reads whole CSI sequences at once (see the module's docstring)."""

    def attach(self, screen: pyte.Screen) -> None:
        super().attach(screen)
        # Bound once, as pyte's parser binds its own.
        self._commands = {final: getattr(screen, name) for final, name in self.csi.items()}

    def feed(self, data: bytes) -> None:
        if not self.use_utf8:  # a charset other than UTF-8 was chosen: pyte's own way
            super().feed(data)
            return
        self._feed_text(self.utf8_decoder.decode(data))

    def _feed_text(self, data: str) -> None:
        """`pyte.Stream.feed`, with a CSI sequence read whole when the parser is between
        sequences (`_taking_plain_text`)."""
        assert self.listener is not None
        draw = self.listener.draw
        commands = self._commands
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
                    private, numbers, _ = found.groups()
                    # As pyte's parser: each number at most 9999, an empty one 0.
                    params = [min(int(number or 0), 9999) for number in numbers.split(";")]
                    if private:
                        command(*params, private=True)
                    else:
                        command(*params)
                    offset = found.end()
                    continue
            between = send(data[offset])
            offset += 1
        self._taking_plain_text = between


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
    cell is skipped."""
    line = screen.buffer[y]
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
