"""Hostile paths and numbers through the installed commands: a device is never replaced, a FIFO
never waited on, the file read is never the file written, and `g` on huge weights says what it
cannot compare instead of crashing.

`scratchnet train` runs through `cli.main` in this process (see `scratchnet_here`), but where a
FIFO could be waited on: there, in a process of its own, which a timeout guards."""

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

from harness.terminal import Terminal
from tests.conftest import installed_command, scratchnet_here


def train(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return scratchnet_here("train", *args, cwd=cwd)


def train_installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The timeout only guards against a hang (a FIFO waited on); it is not a timing assertion.
    return subprocess.run(
        [installed_command("scratchnet"), "train", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def shows(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == 2, result
    assert result.stderr == f"scratchnet train: error: {reason}\n"


def test_the_null_device_is_refused_before_training_and_stays_a_device(tmp_path: Path) -> None:
    for option in ("--csv", "--save"):
        result = train("--steps", "3", option, os.devnull, cwd=tmp_path)
        refused(result, f"cannot write {os.devnull}: it is a character device, not a file")
        assert result.stdout == "", "refused before training, not after"
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_the_loaded_file_is_never_the_one_written(tmp_path: Path) -> None:
    assert train("--steps", "3", "--save", "run.json", cwd=tmp_path).returncode == 0
    before = (tmp_path / "run.json").read_bytes()
    (tmp_path / "link.json").symlink_to(tmp_path / "run.json")
    for option, path in [("--csv", "run.json"), ("--save", "run.json"), ("--csv", "link.json")]:
        result = train("--load", "run.json", "--steps", "2", option, path, cwd=tmp_path)
        refused(result, f"{option} names {path}, the file --load reads")
    assert (tmp_path / "run.json").read_bytes() == before
    elsewhere = train("--load", "run.json", "--steps", "2", "--csv", "b.csv", cwd=tmp_path)
    assert elsewhere.returncode == 0 and (tmp_path / "b.csv").read_text().count("\n") == 6


def test_loading_a_fifo_is_refused_with_one_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    result = train_installed("--load", "fifo", cwd=tmp_path)
    refused(result, "cannot load fifo: it is a FIFO (named pipe), not a file")


def test_csv_through_a_symlink_writes_the_file_it_points_at(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "losses.csv").symlink_to(tmp_path / "out" / "real.csv")
    assert train("--steps", "4", "--csv", "losses.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "losses.csv").is_symlink()
    assert (tmp_path / "out" / "real.csv").read_text().startswith("step,train_loss,test_loss\n1,")


def test_the_app_refuses_a_fifo_and_a_device_says_g_is_undefined_on_huge_weights_and_goes_on(
    tmp_path: Path,
) -> None:
    # One app for three hostile inputs. `o` with a FIFO froze the worker, and `q` then never
    # ended the app. `--lr 1e12`, one step: weights near 1e11, where a nudge of 1e-5 is lost in
    # rounding; `g` then raised ZeroDivisionError and ended the app with a traceback.
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    term = Terminal([installed_command("scratchnet-tui"), "--lr", "1e12", "--paused"])
    try:
        assert term.wait_for(lambda t: "step 0" in t and "Quit" in t), term.text()
        for key, path, reason in [
            ("o", str(fifo), "it is a FIFO"),
            ("e", os.devnull, "it is a character device"),
        ]:
            term.send(key)
            assert term.wait_for(shows("Esc")), f"{key}: {term.text()}"  # the dialog
            term.send(path)
            assert term.wait_for(shows(Path(path).name)), f"{key}: {term.text()}"
            term.send("\r")
            assert term.wait_for(shows(reason)), f"{key}: {term.text()}"
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and stat.S_ISFIFO(os.stat(fifo).st_mode)
        term.send("n")
        assert term.wait_for(lambda t: "step 1" in t), term.text()
        term.send("g")
        assert term.wait_for(lambda t: "UNDEFINED" in t), f"g: {term.text()}"
        screen = term.text()
        assert "undefined (a weight or bias is too large" in screen, f"g: {screen}"
        assert "backprop is exact" not in screen and "Traceback" not in screen, f"g: {screen}"
        term.send("n")  # still running, still stepping
        assert term.wait_for(lambda t: "step 2" in t), f"after g: {term.text()}"
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_the_app_refuses_to_start_from_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    result = subprocess.run(
        [installed_command("scratchnet-tui"), "--load", "fifo"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == "scratchnet-tui: error: cannot load fifo: it is a FIFO (named pipe), not a file\n"
    )
