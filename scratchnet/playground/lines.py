"""A Playground run as lines of text: what `scratchnet train --playground URL` prints."""

from collections.abc import Iterator

from scratchnet.playground.run import PlaygroundRun
from scratchnet.playground.state import PlaygroundState


def run_lines(url: str, epochs: int, every: int = 1) -> Iterator[str]:
    """ "epoch train_loss test_loss" for epoch 0 (the start) and every `every`-th epoch.

    The last epoch is always printed. Raises ValueError (one line) for a bad URL, epochs < 0
    or every < 1 at the call, before any line is made.
    """
    return state_lines(PlaygroundState.from_url(url), epochs, every)


def state_lines(state: PlaygroundState, epochs: int, every: int = 1) -> Iterator[str]:
    """`run_lines` for settings already read from a URL (see `PlaygroundState.from_url`)."""
    if epochs < 0:
        raise ValueError(f"epochs must be 0 or more, got {epochs}")
    if every < 1:
        raise ValueError(f"every must be 1 or more, got {every}")
    return _lines(PlaygroundRun(state), epochs, every)


def _lines(run: PlaygroundRun, epochs: int, every: int) -> Iterator[str]:
    yield _line(run)
    for epoch in range(1, epochs + 1):
        run.step_epoch()
        if epoch % every == 0 or epoch == epochs:
            yield _line(run)


def _line(run: PlaygroundRun) -> str:
    # repr: the shortest text that reads back as the same float, so no digit is lost.
    return f"{run.epoch} {run.train_loss!r} {run.test_loss!r}"
