"""How a server is stopped: ctrl+c (SIGINT) or SIGTERM, caught before it says "serving on".

A teacher who reads "serving on" may press ctrl+c at once. The catch used to be set up after
that line was printed, and a signal in between went to Python's own handler instead: the
server ended with a KeyboardInterrupt traceback and status -2, not stopped as usual (every
app asked to end and save, status 0). So each server sets it up first, as its loop starts.
"""

import asyncio
import signal


def stop_signal() -> asyncio.Event:
    """An event SIGINT or SIGTERM sets, in the running loop: the server serves until it is."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    return stop
