"""Ending a thread that is busy in Python code: what quitting does to a worker stuck in a step.

Python has no public way to stop a thread from outside; a thread is meant to check a flag and
return, as the worker does between steps. But a step, a picture or a gradient check of a huge
network is minutes of pure-Python arithmetic with no place to check anything, and while it runs
it takes half the processor from the thread that saves the run on the way out. CPython's
`PyThreadState_SetAsyncExc` raises an exception in another thread at its next instruction; it
is the one tool there is, used here only once the run has been copied and the app is ending.
"""

import ctypes
import threading


def interrupt(thread: threading.Thread) -> bool:
    """Raise SystemExit in `thread` at its next Python instruction; True if it was running.

    The thread ends quietly (threading ignores SystemExit), unwinding its `with` blocks, so
    the locks it held are released. A thread blocked in C (waiting on a lock or a file) gets
    the exception only once that call returns.
    """
    ident = thread.ident
    if ident is None or not thread.is_alive():
        return False
    set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    found = set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(SystemExit))
    return bool(found == 1)
