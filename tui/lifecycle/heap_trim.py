"""Give back to the system the memory that has been freed but that the C library still keeps.

Python hands every object of more than 512 bytes to the C library's `malloc`: a frame's text,
a picture's rows, a list of a few hundred strips. glibc's `free` keeps what is freed for the
next `malloc`, in heaps of its own (one for each thread that allocates: the worker's too), and
gives pages back to the system only from a heap's very top. What was freed below something
still alive stays counted in the process's memory (RSS) for the rest of the session: a 3-minute
soak of random keys held 1 to 3 MB that way at each look. `malloc_trim(0)` gives back every
whole free page, wherever it is, in under a millisecond; nothing alive moves.

The app calls `trim_heap` at the cache sweeper's beat (every 30 s, see app.py). With a C library
that has no `malloc_trim` (musl, macOS), it does nothing.
"""

import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, from the C library this process already uses; None without it."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def trim_heap() -> bool:
    """Give the C library's free pages back to the system; False where it cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
