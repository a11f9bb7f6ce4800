"""A signal handed to a thread other than the main one is handled at once (`fg` after ctrl+z).

After a stop, the kernel hands SIGCONT to any thread of the app but the main one, which is still
stopped; Python runs the handler only in the main thread, which waited in the event loop until
its next timer, up to 30 s: the app stayed off the screen (tui/lifecycle/wake_on_signal.py).
Here the signal is sent to another thread on purpose, once the main thread waits in the loop
with nothing to wake it, and the handler must run before the test's own ceiling wakes it.
"""

import asyncio
import signal
import threading
from pathlib import Path

from harness import PATIENCE
from tui.lifecycle.wake_on_signal import wake_on_signals


def waits_in_the_loop(thread: threading.Thread) -> bool:
    """Whether `thread` sleeps in the event loop's wait (Linux: what /proc says it waits in)."""
    wchan = Path(f"/proc/self/task/{thread.native_id}/wchan")
    return wchan.read_text() in ("do_epoll_wait", "do_select", "do_sys_poll")


def test_a_signal_another_thread_gets_wakes_the_loop_and_its_handler_runs() -> None:
    loop = asyncio.new_event_loop()
    handled = threading.Event()
    ceiling_reached = threading.Event()  # set only if the loop had to be woken by the test
    handled_after_ceiling: list[bool] = []

    def handler(_number: int, _frame: object) -> None:
        handled_after_ceiling.append(ceiling_reached.is_set())
        handled.set()
        loop.stop()

    def other_thread() -> None:
        main = threading.main_thread()
        while not waits_in_the_loop(main):  # the main thread has nothing else to wake it
            handled.wait(0.001)
        signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)  # to this thread only
        if not handled.wait(PATIENCE):
            ceiling_reached.set()
            loop.call_soon_threadsafe(loop.stop)

    before = signal.signal(signal.SIGUSR1, handler)
    put_back = wake_on_signals(loop)
    sender = threading.Thread(target=other_thread)
    try:
        loop.call_soon(sender.start)
        loop.run_forever()
        sender.join()
    finally:
        put_back()
        signal.signal(signal.SIGUSR1, before)
        loop.close()
    assert handled_after_ceiling == [False], "handled at once, not once the loop woke anyway"
