"""`scratchnet-tui --serve`: what a visitor's browser and the server's user notice.

The visitor is a real websocket client speaking textual-serve's protocol (with aiohttp, which
textual-serve itself depends on): it opens /ws?width=W&height=H, sends ["resize", {...}] and
["stdin", keys] as JSON text, and gets the app's terminal output as binary messages, which pyte
turns into a screen, as the browser's xterm.js would. aiohttp is imported where it is used, not
at the top: every test worker imports this module, most never to visit.
"""

import asyncio
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pyte
import pytest

from harness import PATIENCE
from harness.quick_stream import QuickByteStream, ScreenText
from harness.served import children, free_port, wait_until
from tests.conftest import installed_command, scratchnet_tui_here
from tui.cli import build_parser
from tui.serving.listen import check_address, url
from tui.serving.options import app_words
from tui.serving.policy import VISITOR_FILES, FileRefused, visitor_path

COLUMNS, LINES = 100, 30
SERVER_OPTIONS = (
    "--serve",
    "--host",
    "--port",
    "--max-clients",
    "--allow-writes",
    "--ser",
    "--por",
)


def command_line(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_text().split("\0")[:-1]


class Server:
    """`scratchnet-tui --serve ...` in a subprocess, ready once it says where it serves."""

    def __init__(self, *args: str, port_option: str = "--port", term: str = "xterm") -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [installed_command("scratchnet-tui"), *args, port_option, str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "TERM": term},
        )
        self.first_line = self.read_line(timeout=PATIENCE)

    def read_line(self, timeout: float) -> str:
        """A line of the server's output, or "" if none comes in time (or it ended)."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        return self.process.stdout.readline().decode() if ready else ""

    def visitors(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> tuple[int, str]:
        """ctrl+c, as its user would stop it; the exit status and what it said on stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            _, errors = self.process.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, errors = self.process.communicate()
        return self.process.returncode, errors.decode()


class Visitor:
    """A browser tab of the server's own page: a websocket to the server, keys in, the app's
    screen out. Like a browser, it says which page opened the websocket (its Origin)."""

    def __init__(self, port: int) -> None:
        self.address = f"http://127.0.0.1:{port}/ws?width={COLUMNS}&height={LINES}"
        self.origin = {"Origin": f"http://127.0.0.1:{port}"}
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = QuickByteStream(self.screen)
        self._text = ScreenText(self.screen)

    async def __aenter__(self) -> "Visitor":
        import aiohttp

        self.session = aiohttp.ClientSession()
        self.websocket = await self.session.ws_connect(self.address, headers=self.origin)
        await self.resize()
        self.reading = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        import aiohttp

        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)

    def text(self) -> str:
        return self._text()

    async def shows(self, check: Callable[[str], bool], timeout: float = PATIENCE) -> bool:
        """Whether `check(screen text)` comes true within `timeout` seconds; in the text, each
        run of spaces and line ends is one space."""
        end = time.monotonic() + timeout
        while not check(" ".join(self.text().split())):
            if time.monotonic() > end:
                return False
            await asyncio.sleep(0.02)
        return True

    async def sees(self, words: str, times: int = 1) -> bool:
        return await self.shows(lambda text: text.count(words) >= times)

    async def sees_no(self, words: str) -> bool:
        return await self.shows(lambda text: words not in text)

    async def press(self, keys: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def resize(self) -> None:
        """Say the size of its screen, as a browser does on opening the page (or any resize)."""
        await self.websocket.send_str(json.dumps(["resize", {"width": COLUMNS, "height": LINES}]))

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.websocket.close()
        await self.reading
        await self.session.close()


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Server]:
    """One server for the visits below, its own options abbreviated: argparse takes `--ser`
    for --serve, `--por` for --port and `--max` for --max-clients; the visitors must not.
    Started from a dumb terminal: the visitors' terminal is their browser's, not the server's.
    It answers to a public name too (test_only_the_names_the_server_was_started_for_reach_it).
    """
    served = Server(
        "--ser",
        "--max",
        "1",
        "--public-name",
        "Box.Example",
        "--seed",
        "5",
        "--paused",
        "--hid",
        "3",
        port_option="--por",
        term="dumb",
    )
    try:
        assert "serving on" in served.first_line
        yield served
    finally:
        status, errors = served.stop()
    assert status == 0, errors


def has_room(port: int) -> bool:
    """Whether the server's page answers, rather than "this server is full" (503)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=PATIENCE) as reply:
            return bool(reply.status == 200)
    except urllib.error.HTTPError as error:
        assert error.code == 503
        return False


@pytest.fixture
def server(shared_server: Server) -> Server:
    """The shared server once the last test's visitors have gone (their apps take a moment)."""
    assert wait_until(lambda: not shared_server.visitors() and has_room(shared_server.port))
    return shared_server


async def test_a_visitor_gets_an_app_of_their_own_keys_reach_it_files_do_not_and_it_ends_after(
    server: Server,
) -> None:
    async with Visitor(server.port) as visitor:
        assert await visitor.sees("step 0 epoch 0"), visitor.text()
        assert "seed 5" in visitor.text() and "paused" in visitor.text()
        (app,) = server.visitors()
        words = command_line(app)  # the app's options only, under their full names
        assert words[-3:] == ["--seed=5", "--paused", "--hidden=3"]
        assert not [w for w in words if w.split("=")[0] in SERVER_OPTIONS or w.isdigit()]
        await visitor.press("n")  # one training step
        assert await visitor.sees("step 1 epoch"), visitor.text()
        # By default a visitor cannot write or open files: each key says so (the same notice,
        # so one toast, its time starting again), and n after them shows they were all handled.
        for key in "woe":
            await visitor.press(key)
        await visitor.press("n")
        assert await visitor.sees("step 2 epoch"), visitor.text()
        # One toast once the screen has caught up (the ones it replaced may take a frame to go).
        one = await visitor.shows(lambda text: text.count("does not open or write files") == 1)
        assert one, f"no files by default, one notice:\n{visitor.text()}"
        assert "Save the run to" not in visitor.text(), "no files by default: no dialog opened"
    assert wait_until(lambda: app not in server.visitors())


async def test_a_page_of_another_site_cannot_open_the_app(server: Server) -> None:
    """What a browser sends when some web page tries to drive the app behind its user's back.
    Its own page may: every Visitor here sends that page's Origin, as a browser does."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                f"http://127.0.0.1:{server.port}/ws", headers={"Origin": "http://evil.example"}
            )
        assert refused.value.status == 403
    assert wait_until(lambda: not server.visitors())


UPGRADE = {  # what a browser adds to ask for a websocket
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def answer(port: int, path: str, host: str | None, headers: dict[str, str]) -> tuple[int, str]:
    """The status and body the server gives a request to 127.0.0.1:`port` that says it is for
    `host` (its Host header; None: none at all), as a browser on a renamed page sends it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.putrequest("GET", path, skip_host=True)
        for name, value in ({"Host": host} if host else {}).items() | headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        reply = connection.getresponse()
        return reply.status, "" if reply.status == 101 else reply.read().decode()
    finally:
        connection.close()  # a websocket let in ends here: its app is asked to quit


def test_only_the_names_the_server_was_started_for_reach_it(server: Server) -> None:
    """DNS rebinding: a page of evil.example whose name is made to point at 127.0.0.1 sends
    Host and Origin evil.example, and would be its own site. Each request, page, file or
    websocket, must name the server as started: its address, loopback's names (it listens
    there) or a --public-name; anything else gets one line."""
    port = server.port
    refused = "this server is not reached by that name (its user can add one with --public-name)"
    for host in ["evil.example", "box.example.evil", "evil@127.0.0.1", "127.0.0.2"]:
        for path, headers in [("/", {}), ("/static/js/textual.js", {})] + [
            ("/ws", {**UPGRADE, "Origin": f"http://{host}:{port}"})
        ]:
            status, body = answer(port, path, f"{host}:{port}", headers)
            assert (status, body) == (421, f"scratchnet: {refused}\n"), (host, path)
    assert answer(port, "/", None, {})[0] == 400  # no Host at all: aiohttp refuses it
    for host in ["127.0.0.1", "localhost", "[::1]", "box.example", "BOX.example"]:
        assert answer(port, "/", f"{host}:{port}", {})[0] == 200, host
        assert answer(port, "/static/js/textual.js", host, {})[0] == 200, host
    origin = {**UPGRADE, "Origin": f"http://evil.example:{port}"}
    assert answer(port, "/ws", f"box.example:{port}", origin)[0] == 403  # another site
    origin = {**UPGRADE, "Origin": f"http://box.example:{port}"}
    assert answer(port, "/ws", f"box.example:{port}", origin)[0] == 101  # its own page
    assert wait_until(lambda: not server.visitors())


def test_a_public_name_is_a_name_without_port_or_scheme() -> None:
    result = run("--serve", "--public-name", "http://box.lan:8000")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.endswith(
        "a public name is a host name or an address (no port, no scheme), "
        "got 'http://box.lan:8000'\n"
    )
    assert run("--public-name", "box.lan").stderr.endswith("--public-name: only with --serve\n")


async def test_one_visitor_more_than_max_clients_gets_a_message_not_a_process(
    server: Server,
) -> None:
    async with Visitor(server.port) as first:
        assert await first.sees("step 0")
        async with Visitor(server.port) as second:
            assert await second.sees("this server is full (--max-clients 1); try again later")
            assert len(server.visitors()) == 1
            assert not has_room(server.port)  # the page says so too
    assert wait_until(lambda: has_room(server.port))  # once the first has gone
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=PATIENCE) as reply:
        assert f"ws://127.0.0.1:{server.port}/ws" in reply.read().decode()


async def test_allow_writes_keeps_files_and_autosaves_in_one_folder(tmp_path: Path) -> None:
    served = Server(
        "--serve", "--allow-writes", str(tmp_path), "--autosave", "run.json", "--paused"
    )
    try:
        async with Visitor(served.port) as visitor:
            assert await visitor.sees("step 0 epoch 0")
            outcomes = {
                "../outside.json": "../outside.json: this served app only",
                "mine.json": "Saved:",
            }
            for typed, outcome in outcomes.items():
                await visitor.press("w")
                assert await visitor.sees("scratchnet-run.json")  # the suggestion
                await visitor.press("\x15")  # ctrl+u clears it
                assert await visitor.sees_no("scratchnet-run.json")
                await visitor.press(typed)
                assert await visitor.sees(typed)
                await visitor.press("\r")
                assert await visitor.sees(outcome), visitor.text()
                assert await visitor.sees_no("Enter accepts")  # the dialog has gone
        assert wait_until(lambda: not served.visitors())
    finally:
        status, errors = served.stop()
    assert status == 0, errors
    assert (tmp_path / "mine.json").is_file()
    assert not (tmp_path.parent / "outside.json").exists()
    assert len(list(tmp_path.glob("run.visitor-*.json"))) == 1  # its own file, by run.json


async def test_an_idle_visitor_is_let_go_with_one_line() -> None:
    """The visitor policy of --ssh, here too: no key for --idle-timeout seconds, and the
    visit ends; their app with it.

    A second. Until their app is drawn, the visitor says its size again and again (a resize
    keeps a visitor, as a key does), so that the line comes after the app's screen rather than
    just as it is drawn, over it; unless the test itself got no processor for that second, on
    a busy machine: then the line may come first, and must be there all the same."""
    served = Server("--serve", "--idle-timeout", "1", "--paused")
    goodbye = "no key for 1 s (--idle-timeout): goodbye."
    try:
        async with Visitor(served.port) as visitor:
            give_up = time.monotonic() + PATIENCE
            while not await visitor.shows(lambda t: "step 0" in t or goodbye in t, timeout=0.1):
                assert time.monotonic() < give_up, visitor.text()
                try:
                    await visitor.resize()
                except ConnectionResetError:  # let go already: the line is on its way
                    break
            assert await visitor.sees(goodbye), visitor.text()
            await asyncio.wait_for(visitor.reading, PATIENCE)  # the server closed the websocket
        assert wait_until(lambda: not served.visitors())
    finally:
        status, errors = served.stop()
    assert status == 0, errors


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """What `scratchnet-tui ARGS` says before serving: through `tui.cli.main` in this process
    (see `scratchnet_tui_here`; serving would fail the test)."""
    return scratchnet_tui_here(*args)


def test_a_port_in_use_gets_one_line_before_serving() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--serve", "--port", str(port))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"scratchnet-tui: error: cannot serve on http://127.0.0.1:{port}: port {port} is in use:"
        " stop what listens there, or choose another --port\n"
    )


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("nosuch.invalid", "--host nosuch.invalid: no such address"),
        ("192.0.2.1", "192.0.2.1 is not an address of this machine"),
    ],
)
def test_a_bad_host_gets_one_line_before_serving(host: str, reason: str) -> None:
    result = run("--serve", "--host", host, "--port", str(free_port()))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and reason in result.stderr


def test_server_options_without_serve_are_refused() -> None:
    result = run("--port", "9000", "--max-clients", "2")
    assert result.returncode == 2
    assert result.stderr == (
        "scratchnet-tui: error: --port: only with --serve; "
        "--max-clients: only with --serve or --ssh\n"
    )


def test_autosave_needs_a_folder_visitors_may_write() -> None:
    result = run("--serve", "--autosave", "run.json")
    assert result.returncode == 2 and "needs --allow-writes DIR" in result.stderr


def test_a_host_beyond_loopback_gets_a_warning_and_ipv6_a_url_a_browser_can_open() -> None:
    served = Server("--serve", "--host", "::")  # every IPv6 address of the machine
    try:
        assert f"serving on http://[::]:{served.port} " in served.first_line
        with urllib.request.urlopen(url("::1", served.port), timeout=PATIENCE) as reply:
            assert f"ws://[::1]:{served.port}/ws" in reply.read().decode()
    finally:
        _, errors = served.stop()
    assert (
        f"scratchnet-tui: warning: :: is not loopback: anyone who can reach port "
        f"{served.port} can use the app"
    ) in errors.splitlines()


def test_only_loopback_addresses_go_without_a_warning() -> None:
    port = free_port()
    assert check_address("127.0.0.1", port) and check_address("::1", port)
    assert check_address("localhost", port)
    assert not check_address("0.0.0.0", port)


def test_paths_cannot_leave_the_visitors_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "out").symlink_to(tmp_path)
    allowed = {VISITOR_FILES: str(folder)}
    assert visitor_path("run.json", allowed) == str(folder / "run.json")
    assert visitor_path("sub/../run.json", allowed) == str(folder / "run.json")
    for escape in ["../run.json", "/etc/passwd", "out/run.json", ".", str(tmp_path / "x")]:
        with pytest.raises(FileRefused, match="only opens and writes files in"):
            visitor_path(escape, allowed)
    with pytest.raises(FileRefused, match="does not open or write files"):
        visitor_path("run.json", {VISITOR_FILES: "none"})
    assert visitor_path("../anywhere.json", {}) == "../anywhere.json"  # at a terminal


def test_visitors_get_the_apps_options_under_full_names_never_the_servers() -> None:
    parser = build_parser()
    words = ["--ser", "--por", "9000", "--hid", "8", "--pau", "--max", "2", "--ho", "::1"]
    words += ["--load", "run.json", "--allow", "shared", "--autosave", "a.json", "--lr=0.5"]
    parser.parse_args(words)  # all good options (abbreviations included)
    assert app_words(parser, words, leave_out=["autosave"]) == [
        "--hidden=8",
        "--paused",
        "--load=run.json",
        "--lr=0.5",
    ]
