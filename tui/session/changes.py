"""How the keys change settings: relative changes, resolved against the run the worker has.

`resolve` takes the run as it is now and returns the settings to change, by name, or a one-line
reason why the key does nothing here (the top of the ladder, no layer left to remove). Each
kind of run says its own rules through the run contract (scratchnet/run.py): its settings
table, how far its network may grow (`shape_rules`), which setting names its data, how its seed
moves. The worker calls it between two steps, so a burst of keys is applied one after the
other, each to the settings the one before left.
"""

from scratchnet.features import FEATURES
from scratchnet.run import Run, ShapeRules
from scratchnet.settings import Setting
from tui.session.commands import (
    AddLayer,
    ChangeSeed,
    ClimbLadder,
    NextChoice,
    RemoveLayer,
    ResizeLayer,
    ToggleFeature,
)

MAX_KEY_LAYERS = 8  # `]` adds hidden layers up to here (type more in the panel, c)
MAX_KEY_NEURONS = 32  # `.` grows a hidden layer up to here
FIRST_LAYER = 4  # the width of a first hidden layer added by `]` (when the run says none)

Changes = dict[str, object]
KeyChange = (
    AddLayer | RemoveLayer | ResizeLayer | ToggleFeature | NextChoice | ClimbLadder | ChangeSeed
)


def resolve(command: KeyChange, run: Run) -> Changes | str:
    """The settings `command` changes, given the `run`; or why it changes nothing."""
    settings, rules = run.settings, run.shape_rules
    hidden: tuple[int, ...] = getattr(settings, rules.setting)
    match command:
        case AddLayer(at):
            return add_layer(hidden, rules, at)
        case RemoveLayer(at):
            return remove_layer(hidden, rules.setting, at)
        case ResizeLayer(layer, change):
            return resize_layer(hidden, rules, layer, change)
        case ToggleFeature(name):
            return toggle_feature(settings.features, name, rules.fewest_features)
        case NextChoice(name):
            if name == "dataset_name":  # `d`: whichever setting names this run's data
                name = run.dataset_setting
            setting = setting_named(run, name)
            following = next_in(setting.choices, setting.text(getattr(settings, name)))
            return {name: setting.parse(following)}
        case ClimbLadder(name, direction):
            return climb(setting_named(run, name), getattr(settings, name), direction)
        case ChangeSeed(delta):
            try:
                return {"seed": run.seed_after(delta)}
            except ValueError as error:
                return str(error)


def setting_named(run: Run, name: str) -> Setting:
    return next(setting for setting in run.settings_table if setting.name == name)


def add_layer(hidden: tuple[int, ...], rules: ShapeRules, at: int | None = None) -> Changes | str:
    """One more hidden layer, as wide as the layer before it (the first: as the one after; or
    as wide as the run's rules say, the Playground's 2); with `at`, put in as hidden layer `at`."""
    most = min(MAX_KEY_LAYERS, rules.most_layers)
    if len(hidden) >= most:
        if most < rules.most_layers:
            return f"At most {most} hidden layers from the keys (type more in the panel, c)."
        return f"At most {most} hidden layers in this run (its own limit)."
    at = len(hidden) if at is None else at
    if not 0 <= at <= len(hidden):
        return f"There is no hidden layer {at} to put a layer after."
    neighbours = hidden[at - 1 : at] if at else hidden[:1]
    size = rules.new_layer or (neighbours[0] if neighbours else FIRST_LAYER)
    return {rules.setting: (*hidden[:at], size, *hidden[at:])}


def remove_layer(
    hidden: tuple[int, ...], name: str = "hidden", at: int | None = None
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
    hidden: tuple[int, ...], rules: ShapeRules, layer: int, change: int
) -> Changes | str:
    """Hidden layer `layer` (-1: the last) one neuron wider or narrower, from 1 to the keys'
    limit or the run's own, whichever is lower."""
    if not hidden:
        return "There is no hidden layer: add one with ]."
    if not -len(hidden) <= layer < len(hidden):
        return f"There is no hidden layer {layer + 1}."
    most = min(MAX_KEY_NEURONS, rules.most_neurons)
    sizes = list(hidden)
    size = sizes[layer] + change
    if size < 1 or size > most:
        if most < rules.most_neurons:
            return f"A layer has 1 to {most} neurons from the keys."
        return f"A layer has 1 to {most} neurons in this run (its own limit)."
    sizes[layer] = size
    return {rules.setting: tuple(sizes)}


def toggle_feature(features: tuple[str, ...], name: str, fewest: int = 1) -> Changes | str:
    """The features with `name` turned on or off, in the features' own order; at least
    `fewest` of them stay on."""
    chosen = tuple(f for f in FEATURES if (f in features) != (f == name))
    if len(chosen) < fewest:
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
