"""A refused value is echoed short: its start and its length, in settings, run files and URLs."""

import json
from pathlib import Path

import pytest

from scratchnet.config import RunConfig
from scratchnet.playground import PlaygroundState
from scratchnet.run_json import RunFileError
from scratchnet.runfile import RUN_FILE, check_writable, load_run, run_data
from scratchnet.settings import SETTINGS
from scratchnet.shown import shown

LONG = "a" * 130_000
SAID = "(130,000 characters)"
# A one-line message that quotes a long value: the words, the value's start and its length.
SHORT_LINE = 200


def test_a_short_value_is_shown_whole_and_a_long_one_by_its_start_and_length() -> None:
    assert shown("relu") == "'relu'"
    assert shown(3) == "3"
    assert shown("relu", quote=json.dumps) == '"relu"'
    assert shown(LONG) == f"'{'a' * 40}…' {SAID}"
    assert shown(10**100) == f"{'1' + '0' * 39}… (101 characters)"


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.flag for s in SETTINGS])
def test_every_setting_refuses_a_huge_value_in_one_short_line(setting: object) -> None:
    for text in (LONG, "1" * 130_000 + "x", ",".join(["8"] * 65_000) + ",x"):
        with pytest.raises(ValueError) as error:
            setting.parse(text)  # type: ignore[attr-defined]
        message = str(error.value)
        assert len(message) < SHORT_LINE and "characters)" in message, message


def test_a_huge_url_value_or_key_is_refused_in_one_short_line() -> None:
    for url in (
        f"#activation={LONG}",
        f"#learningRate={LONG}",
        f"#batchSize=1{'0' * 130_000}",
        f"#networkShape={LONG}",
        f"#{LONG}=1",
        f"#{LONG}_hide=maybe",
        f"#seed={LONG}=",
    ):
        with pytest.raises(ValueError) as error:
            PlaygroundState.from_url(url)
        message = str(error.value)
        assert len(message) < SHORT_LINE and "characters)" in message, message


def refusal(data: object, tmp_path: Path) -> str:
    path = tmp_path / "run.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    with pytest.raises(RunFileError) as error:
        load_run(path)
    return str(error.value)


@pytest.fixture(scope="module")
def good() -> dict[str, object]:
    return run_data(RunConfig(), RunConfig().trainer())


def test_a_run_file_with_a_huge_key_or_value_is_refused_in_one_short_line(
    good: dict[str, object], tmp_path: Path
) -> None:
    unknown_key = {**good, LONG: 1}
    many_keys = {**good, **{f"k{i}": 1 for i in range(10_000)}}
    huge_steps = json.dumps(good).replace('"steps": 0', '"steps": ' + "9" * 4000)
    repeated = '{"format": "scratchnet run", "' + LONG + '": 1, "' + LONG + '": 2}'
    huge_float = '{"format": "scratchnet run", "a": 1' + "0" * 130_000 + ".0e999}"
    for data, said in [
        (unknown_key, SAID),
        (many_keys, "and 9,997 more"),
        (huge_steps, "(4,000 characters)"),
        (repeated, SAID),
        (huge_float, "characters)"),
    ]:
        message = refusal(data, tmp_path)
        assert len(message) < SHORT_LINE + len(str(tmp_path)) and said in message, message[:300]


def test_a_huge_path_is_cut_too(tmp_path: Path) -> None:
    with pytest.raises(RunFileError) as error:
        check_writable(tmp_path / LONG / "run.json", RUN_FILE)
    message = str(error.value)
    assert len(message) < 400 and "characters): file name too long" in message, message[:400]
