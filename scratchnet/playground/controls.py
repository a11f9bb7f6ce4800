"""The Playground's controls: the values each one offers, and what changing it does.

From its page (index.html) and playground.ts makeGUI. The settings table (`settings.py`) and the
URL codec (`state.py`) both take their lists from here, so a value the page cannot offer is
refused alike whether it comes from a URL, a key, the settings panel or a saved run.
"""

# The choices of the Playground's controls (index.html and playground.ts).
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "L1", "L2")
DATASETS = ("circle", "xor", "gauss", "spiral")
REG_DATASETS = ("reg-plane", "reg-gauss")
PROBLEMS = ("classification", "regression")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = tuple(range(1, 31))  # the batch size slider: 1 to 30
TRAIN_PERCENTAGES = tuple(range(10, 100, 10))  # "ratio of training to test data": 10 % to 90 %
NOISE_LEVELS = tuple(range(0, 55, 5))  # the noise slider: 0 to 50, step 5
MAX_HIDDEN_LAYERS = 6  # the "+" button stops adding layers at 6
MAX_NEURONS = 8  # and neurons at 8 per layer
NEW_LAYER_NEURONS = 2  # a new hidden layer starts with 2 neurons

# The Playground's input features, in its order (playground.ts INPUTS), by their URL key, and
# the name scratchnet gives each (see scratchnet/features.py).
FEATURE_KEYS = {
    "x": "x",
    "y": "y",
    "xSquared": "x2",
    "ySquared": "y2",
    "xTimesY": "xy",
    "sinX": "sinx",
    "sinY": "siny",
}

# What changing a setting does in the Playground (playground.ts makeGUI), by field name: the
# learning rate changes the running network; these restart it with new weights; these draw new
# points first, under a new seed (`new_seed()`). Restarting here means a new `PlaygroundRun`
# from the changed state, which is exactly what opening its URL in a browser gives.
LIVE_FIELDS = ("learning_rate",)
RESTART_FIELDS = (
    "activation",
    "regularization",
    "regularization_rate",
    "batch_size",
    "network_shape",
    "features",
    "init_zero",
)
NEW_DATA_FIELDS = ("dataset", "reg_dataset", "noise", "perc_train_data", "problem")
