"""The web server behind `scratchnet-tui --serve`: textual-serve, made safe to share.

textual-serve's Server starts one app process per websocket, for as many as connect, all with
one command. Here each visitor gets a command of their own (their own autosave file), the
server's file policy in their environment, and a place only while the visitor policy
(tui/serving/policy.py, the SSH server's too) has one: otherwise they read its one line
instead of starting a process. A visitor idle for too long is let go. When a visitor leaves,
their app is asked to quit and killed if it has not within QUIT_GRACE seconds.

Every request must name the server as it was started for (`answers_to`): a web page whose own
name is made to point at this machine (DNS rebinding) is then still another site, and refused.

tui/serving/start.py checks the options and the address first; this module is imported only to
serve.
"""

import asyncio
import contextlib
import ipaddress
import logging
import re
import shlex
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serving.listen import ServeError, cannot_listen
from tui.serving.policy import VISITOR_FILES, IdleTimer, VisitorPolicy, bounded_size
from tui.serving.stopping import stop_signal

QUIT_GRACE = 3.0  # seconds a visitor's app has to end once they leave, before it is killed

log = logging.getLogger("scratchnet-serve")

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
NOT_ITS_NAME = (
    "scratchnet: this server is not reached by that name (its user can add one with --public-name)"
)
HOST_AND_PORT = re.compile(r"(\[[0-9a-f:.]+\]|[^\s:/@\[\]?#]+)(:[0-9]{1,5})?")


def name_in(host: str) -> str | None:
    """The name in a Host header or an Origin's `host:port`, lowercased, an IPv6 address
    without brackets (`[::1]:8000` → `::1`); None if it is not a name and perhaps a port."""
    found = HOST_AND_PORT.fullmatch(host.lower())
    return found.group(1).strip("[]") if found else None


def local_address(request: web.Request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address of this machine the request arrived on (an IPv4 one behind `::ffff:`)."""
    sockname = None if request.transport is None else request.transport.get_extra_info("sockname")
    if not isinstance(sockname, tuple):
        return None
    try:
        address = ipaddress.ip_address(str(sockname[0]).split("%")[0])
    except ValueError:
        return None
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


def answers_to(request: web.Request, names: frozenset[str]) -> bool:
    """Whether the request's Host header names this server: one of `names` (its --host and
    --public-name), the very address the request arrived on (a student typing the teacher's
    IP), or, when that is loopback, localhost, 127.0.0.1 and [::1]. A port is not compared:
    an SSH tunnel (`ssh -L 9000:127.0.0.1:8000`) changes it and stays the same machine.
    """
    name = name_in(request.headers.get("Host", ""))
    if name is None:
        return False
    arrived = local_address(request)
    return (
        name in names
        or (arrived is not None and name == str(arrived))
        or (arrived is not None and arrived.is_loopback and name in LOOPBACK_NAMES)
    )


class Visitor(AppService):
    """One visitor's app process, started with the server's file policy in its environment;
    their keys and resizes keep them from being let go as idle."""

    def __init__(self, command: str, files: str, idle: IdleTimer, **relay: Any) -> None:
        super().__init__(command, **relay)
        self.files = files
        self.idle = idle

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment[VISITOR_FILES] = self.files  # read by tui/serving/policy.py in the app
        # The visitor's terminal is the browser's xterm.js, whatever the server's own is (a
        # server started with TERM=dumb or an ASCII locale must not refuse its visitors).
        environment["TERM"] = "xterm-256color"
        environment["PYTHONIOENCODING"] = "utf-8"
        return environment

    async def send_bytes(self, data: bytes) -> bool:
        self.idle.touch()
        return await super().send_bytes(data)

    async def set_terminal_size(self, width: int, height: int) -> None:
        self.idle.touch()
        await super().set_terminal_size(*bounded_size(width, height))

    async def leave(self) -> None:
        """The visitor has gone: ask the app to quit, and kill it if it has not in time."""

        async def ended() -> None:
            await self.stop()  # sends "quit", then reads the app's output to its end
            if self._process is not None:
                await self._process.wait()

        try:
            await asyncio.wait_for(ended(), QUIT_GRACE)
        except TimeoutError:
            if self._process is not None:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
                await self._process.wait()


class VisitorServer(Server):
    """textual-serve's Server with a command per visitor, the visitor policy, and only the
    names it was started for."""

    def __init__(
        self,
        words: list[str],
        *,
        host: str,
        port: int,
        policy: VisitorPolicy,
        names: list[str],
        on_listening: Callable[[], None],
    ) -> None:
        super().__init__(shlex.join(words), host=host, port=port, title="scratchnet")
        self.words = words
        self.policy = policy
        self.names = frozenset(name_in(name) or name for name in names)
        self.on_listening = on_listening
        self.sockets: set[web.WebSocketResponse] = set()

    def run(self) -> None:
        """Serve until SIGINT or SIGTERM; `on_listening` once the port is really listened on.

        ServeError (one line) when it cannot be, though tui/serving/start.py checked before.
        """
        asyncio.run(self._serve())

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.only_its_names)
        return app

    @web.middleware
    async def only_its_names(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every request, page, websocket or file, is answered only under the server's names."""
        if not answers_to(request, self.names):
            raise web.HTTPMisdirectedRequest(text=NOT_ITS_NAME + "\n")
        return await handler(request)

    async def _serve(self) -> None:
        stop = stop_signal()
        runner = web.AppRunner(await self._make_app(), shutdown_timeout=QUIT_GRACE + 1)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as error:
                raise ServeError(cannot_listen(self.host, self.port, error)) from None
            if not stop.is_set():  # ctrl+c while it started: it never says it serves
                self.on_listening()
            await stop.wait()
        finally:
            await runner.cleanup()

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing yet: `run` says "serving on" once the port is listened on."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every visitor's connection, so each app is asked to quit before the end."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with the websocket at the address the browser used to reach it (not
        --host: 0.0.0.0 means nothing to a browser on another machine); when there is no place
        for this visitor, the policy's line instead."""
        if refused := self.policy.refusal(request.remote or ""):
            raise web.HTTPServiceUnavailable(text=refused + "\n")
        websocket_scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket_scheme}://{request.host}/ws",
            "config": {"static": {"url": f"{request.scheme}://{request.host}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One visit: start the visitor's app, relay keys and screen, end the app after.

        A websocket is not bound by the same-origin rule: any page the server's user opens
        could connect to it. Browsers say which page asks, so another site's is refused: its
        Origin must be the very `host:port` asked for, which `only_its_names` has checked.
        """
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
            raise web.HTTPForbidden(text="scratchnet: a page of another site may not use this app")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        self.sockets.add(websocket)
        address = request.remote or ""
        try:
            if refused := self.policy.enter(address):  # no await since: no one slips in
                await websocket.send_bytes(refused.encode() + b"\r\n")
                async for _ in websocket:  # the message stays on screen until they leave
                    pass
            else:
                try:
                    await self._visit(websocket, request)
                finally:
                    self.policy.leave(address)  # only now: their process is gone
        finally:
            self.sockets.discard(websocket)
        return websocket

    async def _visit(self, websocket: web.WebSocketResponse, request: web.Request) -> None:
        visit = self.policy.visit(own_folder=False)

        def let_go() -> None:
            """Idle for too long: say so in one line, and close; the app ends as they leave."""
            line = "\r\n" + self.policy.idle_message() + "\r\n"
            asyncio.ensure_future(websocket.send_bytes(line.encode())).add_done_callback(
                lambda _: asyncio.ensure_future(websocket.close())
            )

        idle = IdleTimer(self.policy.idle_timeout, let_go)
        visitor = Visitor(
            "exec " + shlex.join(visit.argv(self.words)),
            visit.files,
            idle,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        try:
            query = request.query
            width, height = (
                to_int(query.get("width", "80"), 80),
                to_int(query.get("height", "24"), 24),
            )
            await visitor.start(*bounded_size(width, height))
            await self._process_messages(websocket, visitor)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            log.warning("scratchnet-tui: a visitor sent a malformed message (%r): ended", error)
        finally:
            idle.cancel()
            await visitor.leave()
