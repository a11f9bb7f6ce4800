"""A ghost: the curve of a run the session left (a reset, a load, a fork), kept on the plot in
grey and labelled by how that run differed from the one that replaced it, so that two runs
compare at a glance."""

from collections.abc import Sequence

from scratchnet.run import Run, Settings
from scratchnet.settings import Setting
from tui.session.frames import downsample
from tui.snapshot import Curve

Ghost = tuple[str, Curve]


def ghost_of(run: Run, label: str, points: int) -> Ghost:
    """The run's training curve as the plot shows it, `points` long, with its label."""
    losses = run.losses()
    return label, downsample(losses.train, points, losses.at)


def difference(
    table: Sequence[Setting], before: Settings, after: Settings, same: str = "previous run"
) -> str:
    """How the run `before` differed from `after`, in short words that say it is the earlier
    run, so that its legend never reads as the run on screen: "before: lr 3, hidden 8,8".

    A run is labelled with the settings it started with, so a learning rate changed halfway and
    then reset shows as the rate the old curve began at. The speed changes nothing learnt, so it
    is left out. Runs of two kinds (a Playground run opened over the tutorial's) differ in every
    way: they are `same` too. `same`: the label when nothing else differs.
    """
    if type(before) is not type(after):
        return same
    words = [
        f"{setting.short} {setting.text(getattr(before, setting.name))}"
        for setting in table
        if setting.learns and getattr(before, setting.name) != getattr(after, setting.name)
    ]
    return f"before: {', '.join(words)}" if words else same
