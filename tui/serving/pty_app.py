"""One SSH visitor's app: a `scratchnet-tui` process of its own, in a fresh pseudo-terminal.

The server holds the pty's master side and pumps bytes both ways without ever blocking: what
the app draws goes to `write` (paused while the visitor's connection is backed up, so a slow
visitor slows only their own app), what the visitor types is written in as the app reads it.
The app is the leader of a session of its own with the pty as its controlling terminal, as
under sshd: a window change reaches it as SIGWINCH, and closing the master (the visitor has
gone, or the server itself died) hangs it up, which saves and ends the app. A crash of one
app ends that process and its pty only.
"""

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence

READ_SIZE = 65536
MOST_TYPED_AHEAD = 1 << 20  # bytes typed but not read yet by the app, before input pauses
OUTPUT_DRAIN = 0.5  # seconds to read what an ended app wrote last


def set_size(fd: int, columns: int, lines: int) -> None:
    """Give the terminal of `fd` a size; its foreground processes get SIGWINCH."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))


def take_terminal() -> None:
    """In the new process, before the app starts: make its pty the controlling terminal of the
    session it leads (it is the new process's standard input)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class AppInPty:
    """A visitor's app in a pty: start it, type into it, resize it, hang it up.

    `write(data)` gets the app's output; `pause_input()` / `resume_input()` are asked for when
    the visitor types faster than the app reads; `ended(status)` is called once, after the
    process has ended and its last output was passed on.
    """

    def __init__(
        self,
        write: Callable[[bytes], None],
        ended: Callable[[int], None],
        pause_input: Callable[[], None],
        resume_input: Callable[[], None],
    ) -> None:
        self.write = write
        self.on_end = ended
        self.pause_input = pause_input
        self.resume_input = resume_input
        self.loop = asyncio.get_running_loop()
        self.master = -1
        self.process: asyncio.subprocess.Process | None = None
        self.typed = bytearray()  # typed, not yet taken by the pty
        self.output_paused = False
        self.output_done = asyncio.Event()

    async def start(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        columns: int,
        lines: int,
        cwd: str | None = None,
    ) -> None:
        """Start the app in a pty of this size. OSError if it cannot be."""
        master, slave = os.openpty()
        try:
            set_size(slave, columns, lines)
            os.set_blocking(master, False)
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(environment),
                cwd=cwd,
                start_new_session=True,
                preexec_fn=take_terminal,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)  # the app holds it now: its last close ends the output
        self.master = master
        if not self.output_paused:
            self.loop.add_reader(master, self._read)
        self.loop.create_task(self._wait())
        if self.typed:
            self._type_in()

    def _read(self) -> None:
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: every process has closed the terminal
            data = b""
        if not data:
            self.loop.remove_reader(self.master)
            self.output_done.set()
            return
        self.write(data)

    def pause_output(self) -> None:
        """The visitor's connection is backed up: stop reading, so the app waits to write."""
        if not self.output_paused and self.master >= 0 and not self.output_done.is_set():
            self.loop.remove_reader(self.master)
        self.output_paused = True

    def resume_output(self) -> None:
        if self.output_paused and self.master >= 0 and not self.output_done.is_set():
            self.loop.add_reader(self.master, self._read)
        self.output_paused = False

    def type(self, data: bytes) -> None:
        """What the visitor typed, for the app to read; a flood waits, and pauses input.
        Typed before the app has started, it waits for the pty."""
        if self.output_done.is_set():
            return  # the app has gone: nowhere to type
        waiting = bool(self.typed)
        self.typed += data
        if not waiting and self.master >= 0:
            self._type_in()
        if len(self.typed) > MOST_TYPED_AHEAD:
            self.pause_input()

    def _type_in(self) -> None:
        try:
            written = os.write(self.master, self.typed)
        except BlockingIOError:
            written = 0
        except OSError:  # the app has gone: what was typed has nowhere to go
            written = len(self.typed)
        del self.typed[:written]
        if self.typed:
            self.loop.add_writer(self.master, self._type_in)
        else:
            self.loop.remove_writer(self.master)
            self.resume_input()

    def resize(self, columns: int, lines: int) -> None:
        if self.master >= 0:
            with contextlib.suppress(OSError):
                set_size(self.master, columns, lines)

    def terminate(self) -> None:
        """Ask the app to end as a process manager would (SIGTERM): it gives the terminal
        back, saves where autosave is on, and ends; its last output still reaches the visitor."""
        self._signal(signal.SIGTERM)

    def hang_up(self) -> None:
        """The visitor has gone: close the terminal, as sshd does. The app hears SIGHUP from
        the kernel, saves where autosave is on, and ends."""
        self._close_master()

    def kill(self) -> None:
        """The last resort, for an app that did not end when asked."""
        self._signal(signal.SIGKILL)

    def _signal(self, number: int) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, number)  # the app leads its own process group

    def _close_master(self) -> None:
        if self.master >= 0:
            self.loop.remove_reader(self.master)
            self.loop.remove_writer(self.master)
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1
            self.output_done.set()

    async def _wait(self) -> None:
        assert self.process is not None
        status = await self.process.wait()
        if not self.output_paused:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.output_done.wait(), OUTPUT_DRAIN)
        self._close_master()
        self.on_end(status)

    async def wait(self, timeout: float) -> bool:
        """Whether the app has ended within `timeout` seconds."""
        if self.process is None:
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self.process.wait()), timeout)
        return self.process.returncode is not None
