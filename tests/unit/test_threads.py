"""Ending a thread busy in Python code (tui/lifecycle/threads.py): what quitting does to a stuck
worker."""

import threading

from harness import PATIENCE
from tui.lifecycle.threads import interrupt


def test_a_thread_busy_in_python_code_ends_and_releases_its_locks() -> None:
    lock = threading.Lock()
    started = threading.Event()
    raised: list[type[BaseException]] = []

    def busy() -> None:
        try:
            with lock:
                started.set()
                while True:  # pure-Python work with no place to check a flag
                    sum(range(100))
        except SystemExit as error:  # threading itself ignores it; caught here to see it
            raised.append(type(error))

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    assert started.wait(10)
    assert interrupt(thread) is True
    thread.join(PATIENCE)
    assert not thread.is_alive() and raised == [SystemExit]
    assert lock.acquire(timeout=PATIENCE), "the `with` block let go of the lock"


def test_a_thread_that_has_ended_is_left_alone() -> None:
    thread = threading.Thread(target=lambda: None)
    assert interrupt(thread) is False  # never started
    thread.start()
    thread.join()
    assert interrupt(thread) is False
