"""The thread that reads the keys stops at once: quitting gives the terminal back 0.2 s sooner.

Textual's terminal driver (textual/drivers/linux_driver.py, Textual 8.2.8) reads the keys in a
thread that looks for the order to stop only every 0.1 s, between two waits for a key, and on
its way out waits 0.1 s more on nothing at all; quitting waits for that thread before it gives
the terminal back. So every `q`, ctrl+c, signal and ctrl+z took 0.2 s longer than it needed:
on a tenth of a second, at the end of each of the suite's runs of the app.

Here the thread also listens on a pipe, and the order to stop is a byte on it: the thread stops
at once. Only the waiting is new; the keys are read, decoded and parsed as Textual's thread
does, by Textual's own parser. `Quitting.get_driver_class` puts it in place of Textual's.
"""

import os
import selectors
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

LOOK_EVERY = 0.1  # seconds between looks at the parser's pending escape (Textual's own pace)


class PromptLinuxDriver(LinuxDriver):
    """Textual's Linux driver, whose key thread stops as soon as it is told to."""

    _stop: tuple[int, int] | None = None  # the pipe: the key thread's end, then ours

    def start_application_mode(self) -> None:
        """A pipe of its own for each key thread (a new one after each ctrl+z), made before it."""
        self._stop = os.pipe()
        super().start_application_mode()  # type: ignore[no-untyped-call]  # untyped in Textual

    def disable_input(self) -> None:
        """Tell the key thread to stop, then let Textual's `disable_input` wait for it (no
        time at all now); the pipe is closed once no thread is left to read it."""
        thread, stop = self._key_thread, self._stop
        if stop is not None and thread is not None and thread.is_alive():
            os.write(stop[1], b"\0")
        super().disable_input()
        if stop is not None and not (thread is not None and thread.is_alive()):
            for end in stop:
                os.close(end)
            self._stop = None

    def run_input_thread(self) -> None:
        """Textual's `run_input_thread`, but a byte on the pipe ends the wait for a key. (Its
        last wait, after the loop, was on no file at all: a plain 0.1 s sleep, dropped.)"""
        stop = None if self._stop is None else self._stop[0]
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        if stop is not None:
            selector.register(stop, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                ready = {key.fd for key, _ in selector.select(LOOK_EVERY)}
                if stop in ready:
                    break
                if self.fileno in ready and (text := decode(os.read(self.fileno, 1024 * 4))):
                    for event in parser.feed(text):
                        self.process_message(event)
                for event in parser.tick():  # an Esc alone, once no more of a sequence comes
                    self.process_message(event)
        finally:
            selector.close()
            try:
                for _ in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
