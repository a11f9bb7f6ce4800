"""`scratchnet-tui --ssh`: what a student's SSH client and the teacher notice.

Each student is an asyncssh client asking for a terminal, as `ssh -p PORT host` does
(harness/served.py), its screen kept by pyte. The server runs on 127.0.0.1 at a free port,
its host key in a temporary data folder (XDG_DATA_HOME). asyncssh itself is imported by the
tests that use it (`ssh_client`): every test worker imports this module, most never to connect.
"""

import asyncio
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import PATIENCE
from harness.served import SSHServer, SSHVisitor, connect, ssh_client, wait_until
from tests.conftest import scratchnet_tui_here
from tui.serving.policy import VisitorPolicy

SERVER_WORDS = {"--ssh", "--ssh-keys", "--max-clients", "--per-address", "--idle-timeout"}


def command_line(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_text().split("\0")[:-1]


def environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")[:-1]
    return dict(pair.split("=", 1) for pair in pairs)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SSHServer]:
    """One server for the visits below, some of the app's options abbreviated: the visitors
    get them under their full names, and none of the server's."""
    served = SSHServer(
        "--seed", "5", "--paused", "--hid", "3", data=tmp_path_factory.mktemp("data")
    )
    try:
        assert "serving on ssh://127.0.0.1:" in served.lines[0], served.lines
        assert served.fingerprint.startswith("SHA256:"), served.lines
        yield served
    finally:
        status, errors = served.stop()
    assert status == 0, errors


@pytest.fixture
def server(shared_server: SSHServer) -> SSHServer:
    """The shared server once the last test's visitors have gone (their apps take a moment)."""
    assert wait_until(lambda: not shared_server.visitors())
    return shared_server


async def test_after_broken_handshakes_a_student_gets_the_app_keys_act_and_resizes_reflow(
    server: SSHServer,
) -> None:
    """One student's session on a server that has just been sent garbage: handshakes broken
    off, a web request, random bytes, connections left open and never logging in. The student
    still gets the app with the server's options, keys act, a resize reflows the same run, and
    so does a storm of resizes (a window dragged around). One story, one app: each student's
    app is a process of its own, and its start is most of what a visit costs."""
    banner = b"SSH-2.0-OpenSSH_9.6\r\n"
    for sent in [b"", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", banner, banner + os.urandom(3000)]:
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE) as raw:
                raw.sendall(sent)  # and gone, mid-handshake
    half_open = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
    async with SSHVisitor(server.port, 100, 30) as student:
        assert await student.sees("step 0 epoch 0"), student.text()
        assert "seed 5" in student.text() and "paused" in student.text()
        (app,) = server.visitors()
        words = command_line(app)  # the app's options only, under their full names
        assert words[-3:] == ["--seed=5", "--paused", "--hidden=3"]
        assert not [word for word in words if word.split("=")[0] in SERVER_WORDS]
        student.press("n")  # one training step
        assert await student.sees("step 1 epoch 1"), student.text()
        assert student.screen.display[0].rstrip().endswith("╮")  # the panels' right edge
        assert len(student.screen.display[0].rstrip()) == 100
        student.resize(72, 22)
        assert await student.shows(
            lambda _: (
                len(student.screen.display[0].rstrip()) == 72
                and student.screen.display[0].rstrip().endswith("╮")
            )
        ), student.text()
        assert await student.sees("step 1 epoch 1"), student.text()  # the same run, reflowed
        for turn in range(40):  # a window dragged around, a hundred sizes a second
            student.process.change_terminal_size(60 + turn % 40, 20 + turn % 10)
            await asyncio.sleep(0.01)
        student.resize(90, 26)
        student.press("n")
        assert await student.sees("step 2 epoch 2"), student.text()
        assert await student.shows(lambda _: len(student.screen.display[0].rstrip()) == 90)
    for raw in half_open:
        raw.close()
    assert server.process.poll() is None
    assert wait_until(lambda: app not in server.visitors())


async def test_two_students_are_independent_and_one_crash_touches_no_other(
    server: SSHServer,
) -> None:
    async with SSHVisitor(server.port) as first:
        assert await first.sees("step 0 epoch 0"), first.text()
        (first_app,) = server.visitors()
        async with SSHVisitor(server.port) as second:
            assert await second.sees("step 0 epoch 0"), second.text()
            assert len(server.visitors()) == 2
            first.press("n")
            assert await first.sees("step 1 epoch 1"), first.text()
            assert "step 0 epoch 0" in " ".join(second.text().split())
            os.kill(first_app, signal.SIGKILL)  # the first student's app crashes
            assert await first.ended() == 128 + signal.SIGKILL
            second.press("n")
            assert await second.sees("step 1 epoch 1"), second.text()  # the second goes on
            assert len(server.visitors()) == 1


async def test_commands_sftp_forwarding_and_the_clients_environment_go_nowhere(
    server: SSHServer,
) -> None:
    asyncssh = ssh_client()
    connection = await connect(server.port)
    async with connection:
        ran = await connection.run("touch /tmp/scratchnet-was-here; ls", timeout=PATIENCE)
        assert ran.exit_status == 1
        assert ran.stdout == (
            "scratchnet: this server runs the scratchnet app only: "
            "connect with `ssh -t`, no command.\r\n"
        )
        no_terminal = await connection.run(timeout=PATIENCE)  # `ssh -T host`
        assert no_terminal.exit_status == 1
        assert (
            no_terminal.stdout == "scratchnet: the app needs a terminal: connect with `ssh -t`.\r\n"
        )
        with pytest.raises(asyncssh.ChannelOpenError):
            await connection.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):  # ssh -L
            await connection.open_connection("127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):  # ssh -R
            await connection.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelOpenError):
            await connection.open_unix_connection("/run/anything.sock")
    assert not Path("/tmp/scratchnet-was-here").exists()
    sent = {"LANG": "C.UTF-8", "NO_COLOR": "1", "LC_ALL": "C", "PYTHONPATH": "/x", "EVIL": "1"}
    async with SSHVisitor(server.port, term="xterm", env=sent, agent_forwarding=True) as student:
        assert await student.sees("step 0 epoch 0"), student.text()
        (app,) = server.visitors()
        got = environment(app)
        assert (got["TERM"], got["LANG"], got["NO_COLOR"]) == ("xterm", "C.UTF-8", "1")
        assert "EVIL" not in got and "LC_ALL" not in got and got.get("PYTHONPATH") != "/x"
        assert "SSH_AUTH_SOCK" not in got  # no agent forwarded
        assert got["SCRATCHNET_VISITOR_FILES"] == "none"
        student.press("w")  # a student writes no file
        assert await student.sees("does not open or write files"), student.text()


async def test_the_client_limit_gives_one_line_and_no_process(tmp_path: Path) -> None:
    served = SSHServer("--max-clients", "1", "--paused", data=tmp_path)
    try:
        async with SSHVisitor(served.port) as first:
            assert await first.sees("step 0 epoch 0"), first.text()
            async with SSHVisitor(served.port) as second:
                assert await second.ended() == 1
                assert second.output == (
                    b"scratchnet: this server is full (--max-clients 1); try again later.\r\n"
                )
            assert len(served.visitors()) == 1
        assert wait_until(lambda: not served.visitors())
        flood = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(60)]
        for raw in flood:  # a flood of connections that never log in is cut off, not kept
            raw.settimeout(PATIENCE)
        assert 0 < sum(not answered(raw) for raw in flood) < 60
        for raw in flood:
            raw.close()
        async with SSHVisitor(served.port) as third:  # the first has gone: a place again
            assert await third.sees("step 0 epoch 0"), third.text()
    finally:
        status, errors = served.stop()
    assert status == 0, errors


def answered(raw: socket.socket) -> bool:
    """Whether the server said hello (its SSH version) on a raw connection, or cut it off."""
    try:
        return raw.recv(64).startswith(b"SSH-")
    except ConnectionResetError:
        return False


def test_one_address_has_at_most_its_places() -> None:
    policy = VisitorPolicy(max_clients=4, per_address=2, idle_timeout=0)
    assert policy.enter("192.0.2.1") is None and policy.enter("192.0.2.1") is None
    refused = policy.enter("192.0.2.1")
    assert refused == (
        "scratchnet: your address has its 2 places taken (--per-address 2); "
        "close one, then try again."
    )
    assert policy.enter("192.0.2.2") is None  # another student
    policy.leave("192.0.2.1")
    assert policy.enter("192.0.2.1") is None


async def seen_host_key(port: int, **options: object) -> str:
    """The fingerprint of the host key a student's client is shown on connecting."""
    connection = await connect(port, **options)
    async with connection:
        key = connection.get_server_host_key()
    assert key is not None, "no host key shown"
    return str(key.get_fingerprint())


async def test_the_host_key_is_made_once_kept_private_and_the_same_after_a_restart_with_keys(
    tmp_path: Path,
) -> None:
    """A teacher's server, started, stopped, started again: the host key made at the first
    start is kept private, and the restarted server shows the same one (else every student's
    client warns of an impostor). It is restarted with --ssh-keys, and then only those keys
    log in. One story of two starts: a start is most of what a server costs."""
    asyncssh = ssh_client()
    student, stranger = (asyncssh.generate_private_key("ssh-ed25519") for _ in range(2))
    keys = tmp_path / "authorized_keys"
    keys.write_bytes(student.export_public_key())
    first = SSHServer(data=tmp_path)
    try:
        assert await seen_host_key(first.port) == first.fingerprint
    finally:
        status, errors = first.stop()  # at once: ctrl+c stops it as soon as it says it serves
    assert status == 0, errors
    again = SSHServer("--ssh-keys", str(keys), "--paused", data=tmp_path)
    try:
        assert await seen_host_key(again.port, client_keys=[student]) == again.fingerprint
        for offered in [None, stranger]:
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(again.port, client_keys=offered and [offered])
        async with SSHVisitor(again.port, client_keys=[student]) as visitor:
            assert await visitor.sees("step 0 epoch 0"), visitor.text()
    finally:
        status, errors = again.stop()
    assert status == 0, errors
    assert first.fingerprint == again.fingerprint and first.fingerprint.startswith("SHA256:")
    key = tmp_path / "scratchnet" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    key.chmod(0o644)
    refused = refusal("--ssh", "127.0.0.1:1", data=tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        f"scratchnet-tui: error: the SSH host key {key} can be read by others (mode 644): "
        "chmod 600 it\n"
    )


async def test_an_idle_student_is_let_go_with_one_line(tmp_path: Path) -> None:
    # Half a second: the line comes once their app has ended, so it is the last they read
    # even if the app was still starting (on a busy machine).
    served = SSHServer("--idle-timeout", "0.5", "--paused", data=tmp_path)
    try:
        async with SSHVisitor(served.port) as student:  # and never a key
            assert await student.ended() == 0
            assert student.output.endswith(
                b"scratchnet: no key for 0.5 s (--idle-timeout): goodbye.\r\n"
            )
        assert wait_until(lambda: not served.visitors())
    finally:
        served.stop()


async def test_files_stay_in_a_folder_of_each_students_own_and_ctrl_c_saves_every_run(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "class"
    shared.mkdir()
    served = SSHServer(
        "--allow-writes", str(shared), "--autosave", "run.json", "--paused", data=tmp_path
    )
    try:
        async with SSHVisitor(served.port) as leaving, SSHVisitor(served.port) as staying:
            assert await leaving.sees("step 0 epoch 0") and await staying.sees("step 0 epoch 0")
            outcomes = {
                "../outside.json": "../outside.json: this served app only",
                "mine.json": "Saved:",
            }
            for typed, outcome in outcomes.items():
                staying.press("w")
                assert await staying.sees("scratchnet-run.json"), staying.text()  # suggested
                staying.press("\x15")  # ctrl+u clears it
                assert await staying.shows(lambda text: "scratchnet-run.json" not in text)
                staying.press(typed + "\r")
                assert await staying.sees(outcome), staying.text()
            leaving.press("n")
            assert await leaving.sees("step 1 epoch 1"), leaving.text()
        # Both connections closed: hang-ups, each of which saves its run.
        assert wait_until(lambda: len(list(shared.glob("visitor-*/run.json"))) == 2), sorted(
            map(str, shared.rglob("*"))
        )
        async with SSHVisitor(served.port) as last:
            assert await last.sees("step 0 epoch 0"), last.text()
            stopped = asyncio.create_task(asyncio.to_thread(served.stop))  # ctrl+c
            assert await last.ended() == 0
            status, errors = await stopped
    finally:
        if served.process.poll() is None:
            served.stop()
    assert status == 0, errors
    assert served.visitors() == []
    folders = sorted(shared.glob("visitor-*"))
    assert len(folders) == 3 and not (tmp_path / "outside.json").exists()
    assert [sorted(path.name for path in folder.iterdir()) for folder in folders].count(
        ["run.json"]
    ) == 2
    assert sum((folder / "mine.json").exists() for folder in folders) == 1


def refusal(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """What `scratchnet-tui ARGS` says before serving, its host key kept in `data`: through
    `tui.cli.main` in this process (see `scratchnet_tui_here`; serving would fail the test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(data))
        return scratchnet_tui_here(*args)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--ssh-keys", "k"], "--ssh-keys: only with --ssh"),
        (["--serve", "--ssh"], "--serve, --ssh: one server at a time"),
        (["--ssh", "--public-name", "x"], "--public-name: only with --serve"),
        (["--ssh", ":22"], "--ssh takes [HOST:]PORT, such as 2222 or 0.0.0.0:2222, got ':22'"),
        (["--ssh", "127.0.0.1:99999"], "port must be between 1 and 65535, got '99999'"),
        (["--ssh", "127.0.0.1:1", "--ssh-keys", "/nonexistent"], "No such file or directory"),
        (["--ssh", "127.0.0.1:1", "--autosave", "r.json"], "--autosave with --ssh needs"),
        (["--ssh", "127.0.0.1:1", "--idle-timeout", "nan"], "idle timeout must be between"),
    ],
)
def test_bad_ssh_options_get_one_line_before_serving(
    args: list[str], line: str, tmp_path: Path
) -> None:
    result = refusal(*args, data=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and line in result.stderr, result.stderr


def test_a_port_in_use_gets_one_line_before_serving(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = refusal("--ssh", f"127.0.0.1:{port}", data=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"scratchnet-tui: error: cannot serve on ssh://127.0.0.1:{port}: port {port} is in use:"
        " stop what listens there, or choose another --ssh [HOST:]PORT\n"
    )


def test_without_asyncssh_ssh_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As where asyncssh is not installed: importing it fails (None in `sys.modules`), and so
    does importing the SSH server again, which imports it."""
    monkeypatch.setitem(sys.modules, "asyncssh", None)
    for module in ("tui.serving.ssh", "tui.serving.host_key"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    result = refusal("--ssh", data=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "scratchnet-tui: error: --ssh needs asyncssh (asyncssh is missing): "
        "pip install '.[ssh]' in scratchnet's folder\n"
    )
