"""How the keys change settings: relative changes, resolved against the run the worker has.

Each function takes the run's settings as they are now and returns the settings to change, by
name, or a one-line reason why the key does nothing here (the top of the ladder, no layer left
to remove). The worker calls them between two steps, so a burst of keys is applied one after
the other, each to the settings the one before left.
"""

from scratchnet.config import RunConfig
from scratchnet.features import FEATURES
from scratchnet.settings import SETTING, Setting
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    ClimbLadder,
    NextChoice,
    RemoveLayer,
    ResizeLayer,
    ToggleFeature,
)

MAX_KEY_LAYERS = 8  # `]` adds hidden layers up to here (type more in the settings panel)
MAX_KEY_NEURONS = 32  # `.` grows a hidden layer up to here
FIRST_LAYER = 4  # the width of a first hidden layer added by `]`

Changes = dict[str, object]
KeyChange = (
    AddLayer | RemoveLayer | ResizeLayer | ToggleFeature | NextChoice | ClimbLadder | ChangeSeed
)


def resolve(command: KeyChange, config: RunConfig) -> Changes | str:
    """The settings `command` changes, given the run's `config`; or why it changes nothing."""
    match command:
        case AddLayer(at):
            return add_layer(config.hidden, at)
        case RemoveLayer(at):
            return remove_layer(config.hidden, at)
        case ResizeLayer(layer, change):
            return resize_layer(config.hidden, layer, change)
        case ToggleFeature(name):
            return toggle_feature(config.features, name)
        case NextChoice(name):
            setting = SETTING[name]
            return {
                name: setting.parse(next_in(setting.choices, setting.text(getattr(config, name))))
            }
        case ClimbLadder(name, direction):
            return climb(SETTING[name], getattr(config, name), direction)
        case ChangeSeed(delta):
            if config.seed + delta < 0:
                return "The seed is already 0, the first one."
            return {"seed": config.seed + delta}


def add_layer(hidden: tuple[int, ...], at: int | None = None) -> Changes | str:
    """One more hidden layer, as wide as the last (FIRST_LAYER for the first); with `at`, put
    in as hidden layer `at`, as wide as the layer before it (the first: as the one after)."""
    if len(hidden) >= MAX_KEY_LAYERS:
        return f"At most {MAX_KEY_LAYERS} hidden layers from the keys (type more in the panel, c)."
    at = len(hidden) if at is None else at
    if not 0 <= at <= len(hidden):
        return f"There is no hidden layer {at} to put a layer after."
    neighbours = hidden[at - 1 : at] if at else hidden[:1]
    size = neighbours[0] if neighbours else FIRST_LAYER
    return {"hidden": (*hidden[:at], size, *hidden[at:])}


def remove_layer(
    hidden: tuple[int, ...], at: int | None = None, name: str = "hidden"
) -> Changes | str:
    """Take the last hidden layer away, or hidden layer `at` (0: the first); `name` is the
    setting that holds the sizes (the Playground's is `network_shape`)."""
    if not hidden:
        return "No hidden layer left to remove."
    at = len(hidden) - 1 if at is None else at
    if not 0 <= at < len(hidden):
        return f"There is no hidden layer {at + 1}."
    return {name: (*hidden[:at], *hidden[at + 1 :])}


def resize_layer(
    hidden: tuple[int, ...],
    layer: int,
    change: int,
    most: int = MAX_KEY_NEURONS,
    name: str = "hidden",
    limit: str = "A layer has 1 to {most} neurons from the keys.",
) -> Changes | str:
    """Hidden layer `layer` (-1: the last) one neuron wider or narrower, from 1 to `most`
    (the keys' limit; the Playground's is its own), saying `limit` at the ends."""
    if not hidden:
        return "There is no hidden layer: add one with ]."
    if not -len(hidden) <= layer < len(hidden):
        return f"There is no hidden layer {layer + 1}."
    sizes = list(hidden)
    size = sizes[layer] + change
    if size < 1 or size > most:
        return limit.format(most=most)
    sizes[layer] = size
    return {name: tuple(sizes)}


def toggle_feature(features: tuple[str, ...], name: str) -> Changes | str:
    """The features with `name` turned on or off, in the features' own order."""
    chosen = tuple(f for f in FEATURES if (f in features) != (f == name))
    if not chosen:
        return "Keep at least one feature: the network needs an input."
    return {"features": chosen}


def next_in(choices: tuple[str, ...], current: str) -> str:
    """The choice after `current`, wrapping round (the first one if `current` is not a choice)."""
    if current not in choices:
        return choices[0]
    return choices[(choices.index(current) + 1) % len(choices)]


def climb(setting: Setting, value: float, direction: int) -> Changes | str:
    """One rung up or down the setting's ladder from `value` (which may lie between rungs)."""
    rung = rung_above(setting.ladder, value) if direction > 0 else rung_below(setting.ladder, value)
    if rung is None:
        end = "top" if direction > 0 else "bottom"
        typed = ": press l to type any rate" if setting.name == "learning_rate" else ""
        return f"{setting.short} {setting.text(value)} is at the {end} of the ladder{typed}."
    return {setting.name: rung}


def rung_above(ladder: tuple[float, ...], value: float) -> float | None:
    """The first rung above `value` (which may be a typed value between rungs)."""
    return next((rung for rung in ladder if rung > value * (1 + 1e-9)), None)


def rung_below(ladder: tuple[float, ...], value: float) -> float | None:
    """The first rung below `value`, or None at the bottom."""
    return next((rung for rung in reversed(ladder) if rung < value * (1 - 1e-9)), None)
