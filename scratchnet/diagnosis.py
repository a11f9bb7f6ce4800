"""Why is it stuck? From a run's health figures, the one line that names the layer, the cause
and the cure by its key.

    watch = Watch()
    every = steps_between(run)                 # scratchnet.health: at most 3 % of the training
    ...                                        # after a step, when run.steps % every == 0:
    shown = watch.observe(measure(run))        # the Diagnosis to show, or None
    shown.line
    'saturated: the output is 0 for every point (z ≈ -42): the learning rate is too high
     (- lowers it, r restarts)'

`findings(health)` is everything wrong in one measurement, the most telling first. Most of it
only counts when the run has learnt nothing about its points (`LEARNT`): a run that has learnt
may have a few dead relus, neurons at their limits, or a loss that no longer moves because it
is done, and is healthy. `Watch` adds hysteresis, so a line does not flicker: a finding is
shown once it has held for `RAISE_AFTER` measurements in a row (a loss that blows up, at
once), and goes once it has been gone for `CLEAR_AFTER`.

The thresholds, and where they come from, are below and in the README ("Why is it stuck?").
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from scratchnet.activations import activation_named
from scratchnet.health import (
    BOTH,
    DIVERGING,
    DIVERGING_LOSS,
    FLAT_LOSS,
    LOW,
    Health,
    LayerHealth,
)

LEARNT = 0.1
"""A run has learnt nothing while its output follows less than a tenth of its labels' variation
(`Health.explained` below 0.1): a network that gives every point the same answer follows none.
The stuck runs of issue #22 are at or below 0 (the loss frozen at what a constant answer gets,
or worse); the tutorial's own runs, seeds 0 to 9, pass 0.1 on their way down, and a finished
run is near 1, however flat its loss."""

SATURATED_SHARE = 0.5
"""A hidden layer is reported when at least half of its neurons are saturated at every point."""

DEAD_SHARE = 0.5
"""A layer is reported when at least half of its relus never fire (and always when all of them
never fire: nothing then gets through it). CS231n's notes on activation functions warn that "as
much as 40% of your network can be dead" after a learning rate set too high."""

VANISHING = 1e-3
"""Gradients vanish when a layer gets less than a thousandth of the gradient another layer, after
it, gets: it learns a thousand times slower. Each sigmoid layer passes back at most a quarter of
its gradient (its slope is at most 0.25), so a deep sigmoid network reaches this after a few
layers (Glorot and Bengio, "Understanding the difficulty of training deep feedforward neural
networks", 2010). In the six Playground reference runs and the tutorial's (seeds 0 to 9), no
layer gets less than a fortieth of another's."""

HEALTHY_UPDATE = 1e-3
"""CS231n's rule of thumb: an update should be about a thousandth of the weights it changes
(learning rate * |gradient| / |weights| ~ 1e-3); much lower, the learning rate is too low."""

TOO_SLOW = HEALTHY_UPDATE / 10
"""A flat loss with updates ten times smaller than `HEALTHY_UPDATE` in every layer, and no
saturated or dead neuron to explain them, is a learning rate too low."""

RAISE_AFTER = 3
"""A finding is shown once it has held for three measurements in a row."""

CLEAR_AFTER = 3
"""A line shown goes once its finding has been gone for three measurements in a row."""

# The keys of the cures (the app's; `Diagnosis.text` leaves them out, for `scratchnet train`).
LOWER_RATE = "- lowers it, r restarts"
RAISE_RATE = "+ raises it"
RESTART = "r restarts, s tries another seed"
SHALLOWER = "a changes the activation, [ removes a layer"
TOO_HIGH = "the learning rate is too high"


@dataclass(frozen=True)
class Diagnosis:
    """What is wrong with a run, in one line.

    `kind`: "diverging", "dead", "saturated", "vanishing" or "flat"; `layer`: the layer it
    names (0 the first hidden one, the last the output), or None for the run as a whole;
    `what`: what is wrong ("the output is 0 for every point (z ≈ -42)"); `cause`: why ("the
    learning rate is too high"); `keys`: the cure by its keys ("- lowers it, r restarts");
    `step`: the step (or epoch) it was seen at; `rank`: the lower, the more telling (of two
    lines, the lower is shown); `urgent`: shown at once, with no wait (a loss blowing up).
    """

    kind: str
    layer: int | None
    what: str
    cause: str
    keys: str
    step: int
    rank: int
    urgent: bool = False

    @property
    def key(self) -> tuple[str, int | None]:
        """What makes two measurements' findings the same one: its kind and its layer."""
        return self.kind, self.layer

    @property
    def text(self) -> str:
        """The line without the keys, for `scratchnet train`:
        'saturated: the output is 0 for every point (z ≈ -42): the learning rate is too high'."""
        return f"{self.kind}: {self.what}: {self.cause}"

    @property
    def line(self) -> str:
        """The line the app shows, the cure by its keys:
        '... the learning rate is too high (- lowers it, r restarts)'."""
        return f"{self.text} ({self.keys})"


def findings(health: Health) -> list[Diagnosis]:
    """Everything wrong in this measurement, the most telling first (empty for a healthy run)."""
    found: dict[tuple[str, int | None], Diagnosis] = {}
    for rank, rule in enumerate(RULES):
        diagnosis = rule(health, rank)
        if diagnosis is not None and diagnosis.key not in found:
            found[diagnosis.key] = diagnosis
    return list(found.values())


class Watch:
    """The line to show for a run, measurement after measurement, without flicker.

    Give it each measurement (`observe`); it answers the Diagnosis to show, or None. Make a new
    one when the run starts again.
    """

    def __init__(self) -> None:
        self._held: dict[tuple[str, int | None], int] = {}  # measurements in a row found
        self._gone: dict[tuple[str, int | None], int] = {}  # in a row not found, while raised
        self._raised: dict[tuple[str, int | None], Diagnosis] = {}
        self.shown: Diagnosis | None = None

    def observe(self, health: Health) -> Diagnosis | None:
        """Take one more measurement into account; the line to show now (see the module)."""
        found = {diagnosis.key: diagnosis for diagnosis in findings(health)}
        self._held = {key: self._held.get(key, 0) + 1 for key in found}
        for key, diagnosis in found.items():
            if key in self._raised or diagnosis.urgent or self._held[key] >= RAISE_AFTER:
                self._raised[key] = diagnosis  # its latest numbers
                self._gone[key] = 0
        for key in list(self._raised):
            if key not in found:
                self._gone[key] += 1
                if self._gone[key] >= CLEAR_AFTER:
                    del self._raised[key], self._gone[key]
        raised = self._raised.values()
        self.shown = min(raised, key=lambda diagnosis: diagnosis.rank) if raised else None
        return self.shown


# -- the rules, the most telling first -------------------------------------------------------


def _diverging(health: Health, rank: int) -> Diagnosis | None:
    """The loss blew up: ten times its lowest of the last steps, or no longer a number."""
    trend = health.trend
    if trend.kind != DIVERGING_LOSS:
        return None
    rise = f"loss x{_times(trend.ratio)} in {_count(trend.since, trend.unit)}"
    if trend.finite:
        what = rise
    elif DIVERGING <= trend.ratio < math.inf:
        what = f"{rise}, then no longer a number"
    else:  # no rise to tell of within the window: it blew up at once, or a while ago
        what = "its numbers are no longer finite"
    return Diagnosis("diverging", None, what, TOO_HIGH, LOWER_RATE, health.step, rank, True)


def _dead_layer(health: Health, rank: int) -> Diagnosis | None:
    """Every relu of a layer never fires: nothing gets through it, whatever the run has learnt."""
    for index, layer in enumerate(health.layers):
        if layer.dead_count and layer.dead_count == layer.size:
            return _dead(health, rank, index, layer)
    return None


def _saturated_output(health: Health, rank: int) -> Diagnosis | None:
    """The output is at a limit for every point, and the run has learnt nothing."""
    output = health.layers[-1]
    side = output.saturated[0] if output.size == 1 else None
    if side is None or not _learnt_nothing(health):
        return None
    low, high = _limits(output)
    if side == BOTH:
        what = f"the output is {low:g} or {high:g} for every point, with no slope between"
    else:
        limit = low if side == LOW else high
        what = f"the output is {limit:g} for every point"
        if math.isfinite(output.mean_sums[0]):
            what += f" (z ≈ {_rounded(output.mean_sums[0])})"
    layer = len(health.layers) - 1
    return Diagnosis("saturated", layer, what, TOO_HIGH, LOWER_RATE, health.step, rank)


def _dead_share(health: Health, rank: int) -> Diagnosis | None:
    """Half or more of a layer's relus never fire, and the run is stuck."""
    if not _stuck(health):
        return None
    for index, layer in enumerate(health.layers):
        if layer.dead_count and layer.dead_count >= DEAD_SHARE * layer.size:
            return _dead(health, rank, index, layer)
    return None


def _saturated_hidden(health: Health, rank: int) -> Diagnosis | None:
    """Half or more of a hidden layer's neurons are at their limits, and the run is stuck."""
    if not _stuck(health):
        return None
    for index, layer in enumerate(health.layers[:-1]):
        count = layer.saturated_count
        if count and count >= SATURATED_SHARE * layer.size:
            low, high = _limits(layer)
            what = (
                f"{count} of {layer.size} {layer.activation} neurons in layer {index + 1} "
                f"are {low:g} or {high:g} for every point"
            )
            return Diagnosis("saturated", index, what, TOO_HIGH, LOWER_RATE, health.step, rank)
    return None


def _vanishing(health: Health, rank: int) -> Diagnosis | None:
    """A layer gets under a thousandth of the gradient of a layer after it; nothing learnt."""
    layers = health.layers
    if len(layers) < 2 or not _learnt_nothing(health):
        return None
    sizes = [layer.gradient for layer in layers]
    if not all(math.isfinite(size) for size in sizes):
        return None
    weakest = min(range(len(sizes) - 1), key=sizes.__getitem__)
    strongest = max(range(weakest + 1, len(sizes)), key=sizes.__getitem__)
    if sizes[strongest] == 0 or sizes[weakest] >= VANISHING * sizes[strongest]:
        return None
    share = sizes[weakest] / sizes[strongest]
    what = (
        f"{_layer_name(weakest, layers)}'s gradients are {power_text(share)} of "
        f"{_layer_name(strongest, layers)}'s"
    )
    between = layers[weakest:strongest]  # whose slopes the gradient passes back through
    if any(layer.saturated_count >= SATURATED_SHARE * layer.size for layer in between):
        cause = f"saturated neurons pass almost none back: {TOO_HIGH}"
        return Diagnosis("vanishing", weakest, what, cause, LOWER_RATE, health.step, rank)
    cause = f"each layer of {layers[weakest].activation} passes back less of them"
    return Diagnosis("vanishing", weakest, what, cause, SHALLOWER, health.step, rank)


def _flat(health: Health, rank: int) -> Diagnosis | None:
    """The loss has not moved, and the run has learnt nothing."""
    if not _stuck(health):
        return None
    trend = health.trend
    what = f"the loss has not moved from {health.loss:.4f} in {_count(trend.span, trend.unit)}"
    fastest = max((layer.update_ratio for layer in health.layers), default=math.nan)
    blocked = any(layer.saturated_count or layer.dead_count for layer in health.layers)
    if fastest < TOO_SLOW and not blocked:  # small updates, and not for want of a slope
        cause = (
            f"updates are {power_text(fastest)} of the weights, {power_text(HEALTHY_UPDATE)} is "
            "healthy: the learning rate is too low"
        )
        return Diagnosis("flat", None, what, cause, RAISE_RATE, health.step, rank)
    cause = "it has learnt nothing"
    return Diagnosis("flat", None, what, cause, RESTART, health.step, rank)


RULES: tuple[Callable[[Health, int], Diagnosis | None], ...] = (
    _diverging,
    _dead_layer,
    _saturated_output,
    _dead_share,
    _saturated_hidden,
    _vanishing,
    _flat,
)


# -- helpers ----------------------------------------------------------------------------------


def _learnt_nothing(health: Health) -> bool:
    """The output follows less than `LEARNT` of the labels' variation (NaN: cannot tell, no)."""
    return health.explained < LEARNT


def _stuck(health: Health) -> bool:
    """The loss is flat and the run has learnt nothing."""
    return health.trend.kind == FLAT_LOSS and _learnt_nothing(health)


def _dead(health: Health, rank: int, index: int, layer: LayerHealth) -> Diagnosis:
    what = f"{layer.dead_count} of {layer.size} relus in layer {index + 1} never fire"
    return Diagnosis("dead", index, what, TOO_HIGH, LOWER_RATE, health.step, rank)


def _limits(layer: LayerHealth) -> tuple[float, float]:
    limits = activation_named(layer.activation).limits
    assert limits is not None, "only a sigmoid or tanh layer saturates"
    return limits


def _layer_name(index: int, layers: tuple[LayerHealth, ...]) -> str:
    """ "layer 2" for a hidden layer (counted from 1), "the output" for the last."""
    return "the output" if index == len(layers) - 1 else f"layer {index + 1}"


def _count(amount: int, unit: str) -> str:
    """'20 steps', '1 epoch'."""
    return f"{amount} {unit}" + ("" if amount == 1 else "s")


def _rounded(number: float) -> str:
    """A weighted sum as the line says it: '-42', '-4e12'."""
    return (
        f"{number:.0f}"
        if abs(number) < 1e4
        else f"{'-' if number < 0 else ''}{power_text(abs(number))}"
    )


def _times(ratio: float) -> str:
    """A ratio as the line says it: '52', '8e141'."""
    return f"{ratio:.0f}" if ratio < 1000 else power_text(ratio)


def power_text(number: float) -> str:
    """A number to one digit by its power of ten, as the line (and the app's health view)
    says it: '5e-4', '8e141' (or '0')."""
    if not math.isfinite(number):
        return str(number)
    if number <= 0:
        return "0"
    digits, power = f"{number:.0e}".split("e")
    return f"{digits}e{int(power)}"
