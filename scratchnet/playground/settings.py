"""The Playground's settings, declared once, as `settings.py` declares the tutorial's.

Each is a field of `PlaygroundState` with the Playground's own list of values (its controls
offer no others) and its own rule: the learning rate changes the running network; everything
else starts the run again, as the Playground does (`controls.LIVE_FIELDS`). The app's settings
panel, its command palette and its keys loop over this table in Playground mode, as they loop
over `settings.SETTINGS` in the tutorial's; and a `PlaygroundState` checks itself against it
when it is made, as a `RunConfig` does against `SETTINGS`, so there is one rule per setting,
wherever its value comes from. Each setting's `key` is its key in the URL's hash.
"""

from scratchnet.kinds import Choice, Kind, Names, OneOf, Sizes, Text
from scratchnet.kinds import number_text as _text
from scratchnet.playground.controls import (
    ACTIVATIONS,
    BATCH_SIZES,
    DATASETS,
    FEATURE_KEYS,
    LEARNING_RATES,
    LIVE_FIELDS,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    NOISE_LEVELS,
    PROBLEMS,
    REG_DATASETS,
    REGULARIZATION_RATES,
    REGULARIZATIONS,
    TRAIN_PERCENTAGES,
)
from scratchnet.settings import Setting


def _listed(values: tuple[float, ...]) -> tuple[str, ...]:
    return tuple(_text(value) for value in values)


def _setting(
    name: str,
    key: str,
    label: str,
    short: str,
    kind: Kind,
    *,
    choices: tuple[str, ...] = (),
    unit: str = "",
    ladder: tuple[float, ...] = (),
) -> Setting:
    """A Playground setting: the help says whose it is, `live` comes from the Playground."""
    live = name in LIVE_FIELDS
    return Setting(
        name,
        "",
        f"the Playground's {label.lower()}",
        label,
        short,
        kind,
        live,
        choices,
        unit,
        ladder,
        key=key,
    )


# In the order of the Playground's page: the training knobs, the data, the inputs, the network.
PLAYGROUND_SETTINGS = (
    _setting(
        "learning_rate",
        "learningRate",
        "Learning rate",
        "lr",
        OneOf("learning rate", LEARNING_RATES),
        ladder=LEARNING_RATES,
    ),
    _setting(
        "activation",
        "activation",
        "Activation",
        "activation",
        Choice("activation", ACTIVATIONS),
        choices=ACTIVATIONS,
    ),
    _setting(
        "regularization",
        "regularization",
        "Regularization",
        "reg",
        Choice("regularization", REGULARIZATIONS),
        choices=REGULARIZATIONS,
    ),
    _setting(
        "regularization_rate",
        "regularizationRate",
        "Regularization rate",
        "reg rate",
        OneOf("regularization rate", REGULARIZATION_RATES),
        choices=_listed(REGULARIZATION_RATES),
    ),
    _setting(
        "problem",
        "problem",
        "Problem type",
        "problem",
        Choice("problem", PROBLEMS),
        choices=PROBLEMS,
    ),
    _setting(
        "dataset",
        "dataset",
        "Dataset",
        "dataset",
        Choice("dataset", DATASETS),
        choices=DATASETS,
    ),
    _setting(
        "reg_dataset",
        "regDataset",
        "Regression dataset",
        "reg dataset",
        Choice("regression dataset", REG_DATASETS),
        choices=REG_DATASETS,
    ),
    _setting(
        "perc_train_data",
        "percTrainData",
        "Training data",
        "train %",
        OneOf("training data", TRAIN_PERCENTAGES),
        choices=_listed(TRAIN_PERCENTAGES),
        unit="%",
    ),
    _setting(
        "noise",
        "noise",
        "Noise",
        "noise",
        OneOf("noise", NOISE_LEVELS),
        choices=_listed(NOISE_LEVELS),
        unit="%",
    ),
    _setting(
        "batch_size",
        "batchSize",
        "Batch size",
        "batch",
        OneOf("batch size", BATCH_SIZES),
        choices=_listed(BATCH_SIZES),
    ),
    _setting(
        "features",
        "features",
        "Features",
        "features",
        Names("features", tuple(FEATURE_KEYS.values()), fewest=0, in_order=True),
    ),
    _setting(
        "network_shape",
        "networkShape",
        "Hidden layers",
        "hidden",
        Sizes("hidden layers", MAX_HIDDEN_LAYERS, MAX_NEURONS),
    ),
    _setting("seed", "seed", "Seed", "seed", Text("seed")),
)

PLAYGROUND_SETTING = {setting.name: setting for setting in PLAYGROUND_SETTINGS}
