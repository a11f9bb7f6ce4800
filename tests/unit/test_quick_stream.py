"""The end-to-end tests' quick byte stream leaves pyte's screen exactly as pyte's own stream does:
every cell's character and colours, the cursor, the modes and the title, after every read, on
random terminal output cut at random places; and the text built only where lines changed is the
text pyte shows (harness/quick_stream.py)."""

import random

import pyte
import pytest

from harness.quick_stream import QuickByteStream, ScreenText

COLUMNS, LINES = 40, 12
# Some sequences pyte's own screen fails on (wide characters written over, origin mode without
# margins, erasing with a number it does not know) are left out: the terminal emulator's, not ours.
TEXT = ["hello", " ", "╭──╮", "│", "▀▄", "é", "x" * 45, "\x00", "\x7f"]
CONTROLS = ["\r", "\n", "\r\n", "\b", "\t", "\x07", "\x0e", "\x0f", "\x18"]
ESCAPES = ["\x1b7", "\x1b8", "\x1bD", "\x1bM", "\x1bE", "\x1bc", "\x1b(B", "\x1b(0", "\x1b#8"]
OSC = ["\x1b]0;a title\x07", "\x1b]2;another\x1b\\", "\x1b]R", "\x1b]P"]
FINALS = "@ABCDEFGHJKLMPXacdefghlmnrs"


def csi(draw: random.Random) -> str:
    """A CSI sequence: mostly the kinds a Textual app writes, some pyte reads another way."""
    kind = draw.randrange(10)
    if kind == 0:
        return f"\x1b[38;2;{draw.randrange(256)};{draw.randrange(256)};{draw.randrange(256)}m"
    if kind == 1:
        return f"\x1b[{draw.randrange(1, LINES + 3)};{draw.randrange(1, COLUMNS + 3)}H"
    if kind == 2:
        return f"\x1b[?{draw.choice([1, 7, 25, 1000, 1049, 2004])}{draw.choice('hl')}"
    if kind == 3:  # parameters pyte reads its own way: spaces, >, $, control characters inside
        return draw.choice(["\x1b[>0c", "\x1b[ q", "\x1b[1$p", "\x1b[1\r2H", "\x1b[5\x18x"])
    if kind == 4:  # a final pyte does not know, and numbers past 9999
        return draw.choice(["\x1b[3t", "\x1b[99999;2H", "\x1b[;5H", "\x1b[;m", "\x1b[0;;1m"])
    final = draw.choice(FINALS)
    most = {"H": 2, "f": 2, "r": 2, "m": 4}.get(final, 1)  # more, and pyte's screen raises
    largest = {"J": 4, "K": 3, "g": 4}.get(final, 110)
    numbers = ";".join(str(draw.randrange(largest)) for _ in range(draw.randrange(most + 1)))
    return f"\x1b[{numbers}{final}"


def output(seed: int, pieces: int = 800) -> bytes:
    draw = random.Random(seed)
    parts = []
    for _ in range(pieces):
        kind = draw.randrange(10)
        if kind < 4:
            parts.append(csi(draw))
        elif kind < 7:
            parts.append(draw.choice(TEXT))
        elif kind < 8:
            parts.append(draw.choice(CONTROLS))
        elif kind < 9:
            parts.append(draw.choice(ESCAPES))
        else:
            parts.append(draw.choice(OSC))
    data = "".join(parts).encode()
    return data + b"\xe6\x97"  # a character cut off at the end


def cut(data: bytes, seed: int) -> list[bytes]:
    draw = random.Random(seed)
    ends = sorted(draw.sample(range(1, len(data)), len(data) // 20)) + [len(data)]
    return [data[start:end] for start, end in zip([0, *ends], ends)]


def state(screen: pyte.Screen) -> object:
    cells = [[screen.buffer[y][x] for x in range(screen.columns)] for y in range(screen.lines)]
    cursor = (screen.cursor.x, screen.cursor.y, screen.cursor.attrs, screen.cursor.hidden)
    return (
        screen.display,
        cells,
        cursor,
        screen.mode,
        screen.margins,
        screen.title,
        screen.icon_name,
    )


@pytest.mark.parametrize("seed", range(3))
def test_the_screen_is_pyte_s_own_after_every_read(seed: int) -> None:
    theirs, ours = pyte.Screen(COLUMNS, LINES), pyte.Screen(COLUMNS, LINES)
    their_stream, our_stream = pyte.ByteStream(theirs), QuickByteStream(ours)
    text = ScreenText(ours)
    for number, chunk in enumerate(cut(output(seed), seed)):
        their_stream.feed(chunk)
        our_stream.feed(chunk)
        assert ours.dirty == theirs.dirty
        assert text() == "\n".join(theirs.display)  # which clears the lines marked changed
        theirs.dirty.clear()
        if number == 200:
            for screen in (ours, theirs):
                screen.resize(LINES - 3, COLUMNS + 5)
        if number % 4 == 0:  # every cell, now and then: comparing them all takes a while
            assert state(ours) == state(theirs)
    assert state(ours) == state(theirs)


def test_a_charset_other_than_utf8_is_read_as_pyte_reads_it() -> None:
    theirs, ours = pyte.Screen(COLUMNS, LINES), pyte.Screen(COLUMNS, LINES)
    their_stream, our_stream = pyte.ByteStream(theirs), QuickByteStream(ours)
    for chunk in [
        b"\x1b%@",
        "caf\xe9 \x1b[2;3H\x1b[1mbold".encode("latin-1"),
        b"\x1b%G",
        b"\xc3\xa9",
    ]:
        their_stream.feed(chunk)
        our_stream.feed(chunk)
        assert state(ours) == state(theirs)
    assert "café" in ours.display[0] and "bold" in ours.display[1]
