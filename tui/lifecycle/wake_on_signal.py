"""A signal wakes the app at once, whichever of its threads the kernel hands it to.

Python runs a signal's handler in the main thread, and only once that thread runs Python code
again; the app's main thread mostly waits in the event loop for something to do. When the
kernel hands the signal to the main thread, the wait is interrupted and the handler runs. But
it may hand it to any thread that does not block it, and after a stop it always does: SIGCONT
(`fg` after ctrl+z) finds the main thread still stopped, and goes to another, the training
worker's. The main thread then waited on until its next timer, the cache sweeper's, up to 30 s,
and the app stayed off the screen: with two CPU hogs beside it, 8 of 60 resumptions took 30 s.

So the app gives Python a wake-up socket (`signal.set_wakeup_fd`): on any signal, in any
thread, Python writes a byte to it, the event loop wakes to read it, and the main thread runs
the handler. The byte says nothing more; the handlers are still Python's own (see quitting.py
for why), so a socket full under a burst of keys loses no signal: the loop is awake anyway.
"""

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable


def wake_on_signals(loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
    """Wake `loop` whenever a signal arrives; returns what puts things back as they were (a
    no-op when not in the main thread, where Python allows no wake-up socket)."""
    reading, writing = socket.socketpair()
    for end in (reading, writing):
        end.setblocking(False)
    try:
        before = signal.set_wakeup_fd(writing.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main thread
        reading.close()
        writing.close()
        return lambda: None

    def drain() -> None:
        with contextlib.suppress(OSError):
            while reading.recv(4096):
                pass

    loop.add_reader(reading.fileno(), drain)

    def put_back() -> None:
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(before)
        with contextlib.suppress(RuntimeError):  # the loop has closed
            loop.remove_reader(reading.fileno())
        reading.close()
        writing.close()

    return put_back
