"""`scratchnet-tui --ssh`: a classroom over SSH, each visitor's own app in a pty of its own.

asyncssh speaks SSH; nothing of a real shell account is behind it. A connection that asks for
a terminal gets a `scratchnet-tui` process (the server's start options, never its server
options) in a fresh pty (tui/serving/pty_app.py), with the client's TERM and size; a window
change resizes it; closing the connection hangs it up, which saves where autosave is on. The
visitor policy (tui/serving/policy.py) is the web server's: places, idleness, files.

Nothing else can be reached: a command (`ssh host ls`), a session without a terminal, a
subsystem (SFTP), agent and X11 forwarding and every kind of port forwarding are refused; of
the client's environment only TERM, LANG and NO_COLOR reach the app. Open to anyone by default
(any user name, no password: a classroom on a LAN), or to the keys of --ssh-keys only.

Imported only to serve: tui/serving/start.py checks the options and the address first.
"""

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Mapping

import asyncssh

from tui.serving.host_key import data_folder, fingerprint, host_key
from tui.serving.listen import ServeError, cannot_listen
from tui.serving.policy import (
    NO_FILES,
    IdleTimer,
    VisitorPolicy,
    bounded_size,
    visitor_environment,
)
from tui.serving.pty_app import AppInPty
from tui.serving.stopping import stop_signal

LOGIN_TIMEOUT = 20.0  # seconds a connection has to finish its handshake and log in
KEEPALIVE = 15.0  # seconds between checks that a silent client is still there
KEEPALIVE_MISSES = 3  # a client that vanished (lid closed, cable out) is let go after 45 s
RESIZE_EVERY = 0.05  # seconds: a burst of window changes reaches the app as one, the last
STOP_GRACE = 1.5  # seconds every app has to save and end at ctrl+c, before it is killed
# Connections at once, logged in or not: a flood is cut off beyond this, a classroom never
# meets it (connections that just closed may still count for a moment on a busy machine).
MOST_CONNECTIONS_PER_PLACE, MOST_CONNECTIONS_MORE = 4, 32
ONLY_THE_APP = (
    "scratchnet: this server runs the scratchnet app only: connect with `ssh -t`, no command."
)
NEEDS_A_TERMINAL = "scratchnet: the app needs a terminal: connect with `ssh -t`."

log = logging.getLogger("scratchnet-ssh")


class VisitorSession(asyncssh.SSHServerSession[bytes]):
    """One session channel: a terminal and a shell request get the app; anything else, one
    line and the end."""

    def __init__(self, server: "ClassroomServer", address: str) -> None:
        self.server = server
        self.address = address
        self.channel: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = (80, 24)
        self.command: str | None = None
        self.app: AppInPty | None = None
        self.idle: IdleTimer | None = None
        self.entered = False
        self.resize_due: asyncio.TimerHandle | None = None
        self.idle_line: str | None = None  # why the app was ended, when it was let go

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.channel = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        self.term = term_type or "xterm-256color"
        self.terminal_size_changed(*term_size)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command  # accepted only to say, in one line, that it is refused
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False  # SFTP and every other subsystem

    def break_received(self, msec: int) -> bool:
        return False

    def session_started(self) -> None:
        if self.command is not None:
            self.say_and_end(ONLY_THE_APP)
        elif self.term is None:
            self.say_and_end(NEEDS_A_TERMINAL)
        elif refused := self.server.policy.enter(self.address):
            self.say_and_end(refused)
        else:
            self.entered = True
            self.server.sessions.add(self)
            self.app = AppInPty(
                write=self._show,
                ended=self._app_ended,
                pause_input=self._pause_input,
                resume_input=self._resume_input,
            )
            asyncio.get_running_loop().create_task(self._start_app(self.app))

    def say_and_end(self, line: str, status: int = 1) -> None:
        """One line for the visitor, and the end of the session."""
        if self.channel is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.write(line.encode() + b"\r\n")
                self.channel.exit(status)

    async def _start_app(self, app: AppInPty) -> None:
        """Start the visitor's app in its pty: keys typed meanwhile wait for it."""
        if self.channel is None or self.term is None:  # they left before it could start
            self._leave()
            return
        try:
            visit = self.server.policy.visit(own_folder=True)
            client = {**self.channel.get_environment(), "TERM": self.term}
            environment = visitor_environment(os.environ, client, visit)
            cwd = None if visit.files == NO_FILES else visit.files  # their own folder
            await app.start(visit.argv(self.server.words), environment, *self.size, cwd)
        except OSError as error:
            log.warning("scratchnet-tui: a visitor's app could not start: %s", error)
            self.app = None
            self._leave()
            self.say_and_end(f"scratchnet: the app could not start ({error.strerror}).")
            return
        self.idle = IdleTimer(self.server.policy.idle_timeout, self._let_go)
        if self.channel is None:  # they left while it started
            app.hang_up()
        else:
            app.resize(*self.size)  # a window change while it started

    def _show(self, data: bytes) -> None:
        """What the app drew, to the visitor; nowhere once they have gone."""
        if self.channel is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.write(data)

    def _pause_input(self) -> None:
        if self.channel is not None:
            self.channel.pause_reading()

    def _resume_input(self) -> None:
        if self.channel is not None:
            self.channel.resume_reading()

    def _let_go(self) -> None:
        """Idle for too long: the app is asked to end, then they read why."""
        self.idle_line = self.server.policy.idle_message()
        if self.app is not None:
            self.app.terminate()

    def _app_ended(self, status: int) -> None:
        self._leave()
        if self.idle_line is not None:
            self.say_and_end(self.idle_line, 0)
        elif self.channel is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.exit(status if status >= 0 else 128 - status)  # killed: 128+N

    def _leave(self) -> None:
        """Give the place back, once: the app has ended or could not start."""
        if self.idle is not None:
            self.idle.cancel()
        if self.resize_due is not None:
            self.resize_due.cancel()
        if self.entered:
            self.entered = False
            self.server.policy.leave(self.address)
            self.server.sessions.discard(self)

    def data_received(self, data: bytes, datatype: object) -> None:
        if self.idle is not None:
            self.idle.touch()
        if self.app is not None:
            self.app.type(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """Keep the new size; the app hears of it at most every RESIZE_EVERY seconds."""
        with contextlib.suppress(ValueError, TypeError):
            self.size = bounded_size(width or 80, height or 24)
        if self.idle is not None:
            self.idle.touch()
        if self.app is not None and self.resize_due is None:
            self.resize_due = asyncio.get_running_loop().call_later(RESIZE_EVERY, self._resize)

    def _resize(self) -> None:
        self.resize_due = None
        if self.app is not None:
            self.app.resize(*self.size)

    def pause_writing(self) -> None:
        if self.app is not None:
            self.app.pause_output()

    def resume_writing(self) -> None:
        if self.app is not None:
            self.app.resume_output()

    def eof_received(self) -> bool:
        return True  # the visitor's input ends; the app and its screen go on until they leave

    def connection_lost(self, exc: Exception | None) -> None:
        self.channel = None
        if self.app is not None:
            self.app.hang_up()  # its end gives the place back


class VisitorConnection(asyncssh.SSHServer):
    """One client's connection: logs in (anyone, or the keys of --ssh-keys only), opens
    sessions; every forwarding is refused."""

    def __init__(self, server: "ClassroomServer") -> None:
        self.server = server
        self.address = ""
        self.connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if isinstance(peer, tuple) else ""
        self.connection = conn
        self.server.connections.add(conn)
        if len(self.server.connections) > self.server.most_connections:
            conn.abort()  # a flood, not a visitor: visitors are told by `policy.enter`

    def connection_lost(self, exc: Exception | None) -> None:
        if self.connection is not None:
            self.server.connections.discard(self.connection)

    def begin_auth(self, username: str) -> bool:
        return self.server.authorized_keys is not None  # False: logged in, no questions

    def public_key_auth_supported(self) -> bool:
        return self.server.authorized_keys is not None

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def session_requested(self) -> VisitorSession:
        return VisitorSession(self.server, self.address)

    def connection_requested(self, dest_host: str, dest_port: int, *_: object) -> bool:
        return False  # ssh -L, -D

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False  # ssh -R

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False

    def tun_requested(self, unit: int | None) -> bool:
        return False

    def tap_requested(self, unit: int | None) -> bool:
        return False


class ClassroomServer:
    """The SSH server: its host key, who may log in, the visitor policy, the sessions in."""

    def __init__(
        self,
        words: list[str],
        *,
        host: str,
        port: int,
        policy: VisitorPolicy,
        keys_file: str | None,
        on_listening: Callable[[str], None],
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        """Reads the host key (made on the first start) and --ssh-keys; ServeError (one line)
        if either cannot be."""
        self.words = words
        self.host, self.port = host, port
        self.policy = policy
        self.on_listening = on_listening
        self.key = host_key(data_folder(environ))
        self.authorized_keys = None if keys_file is None else authorized_keys(keys_file)
        self.sessions: set[VisitorSession] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.most_connections = (
            MOST_CONNECTIONS_PER_PLACE * policy.max_clients + MOST_CONNECTIONS_MORE
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        logins = (
            {} if self.authorized_keys is None else {"authorized_client_keys": self.authorized_keys}
        )
        stop = stop_signal()
        try:
            acceptor = await asyncssh.create_server(
                lambda: VisitorConnection(self),
                self.host,
                self.port,
                server_host_keys=[self.key],
                **logins,
                config=None,
                encoding=None,
                line_editor=False,
                agent_forwarding=False,
                x11_forwarding=False,
                allow_scp=False,
                sftp_factory=None,
                password_auth=False,
                kbdint_auth=False,
                gss_auth=False,
                host_based_auth=False,
                rdns_lookup=False,
                login_timeout=LOGIN_TIMEOUT,
                keepalive_interval=KEEPALIVE,
                keepalive_count_max=KEEPALIVE_MISSES,
                reuse_address=True,
            )
        except OSError as error:
            raise ServeError(cannot_listen(self.host, self.port, error, "ssh")) from None
        if not stop.is_set():  # ctrl+c while it started: it never says it serves
            self.on_listening(self.fingerprint)
        await stop.wait()
        acceptor.close()
        await self._end_every_app()
        for connection in list(self.connections):
            connection.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(acceptor.wait_closed(), 0.5)

    async def _end_every_app(self) -> None:
        """ctrl+c: every app is asked to end (SIGTERM: it gives its visitor's terminal back and
        saves), all at once; one still running after STOP_GRACE seconds is killed."""
        apps = [session.app for session in self.sessions if session.app is not None]
        for app in apps:
            app.terminate()
        ended = await asyncio.gather(*(app.wait(STOP_GRACE) for app in apps))
        for app, done in zip(apps, ended):
            if not done:
                app.kill()
        await asyncio.gather(*(app.wait(STOP_GRACE) for app in apps))


def authorized_keys(path: str) -> asyncssh.SSHAuthorizedKeys:
    """The keys of an authorized_keys file; ServeError (one line) if it cannot be read."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise ServeError(f"--ssh-keys {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ServeError(f"--ssh-keys {path}: not an authorized_keys file (not text)") from None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise ServeError(f"--ssh-keys {path}: no keys in it, so no one could log in")
    try:
        return asyncssh.import_authorized_keys(text)
    except (asyncssh.KeyImportError, ValueError) as error:
        raise ServeError(f"--ssh-keys {path}: not an authorized_keys file ({error})") from None
