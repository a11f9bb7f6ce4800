"""scratchnet: the tutorial's neural network, in plain Python.

Everything here uses the standard library only, so that every step of learning can be read.

The looks inside a network are imported from their own modules (`scratchnet.gradcheck`,
`scratchnet.probe`, `scratchnet.neurons_view`), not from here: every `import scratchnet...` reads
this file first, and the app's first frame needs none of them.
"""

from scratchnet.config import RunConfig
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from scratchnet.surface import predict_grid
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer
from scratchnet.trainer_state import TrainerState

__all__ = [
    "Network",
    "Neuron",
    "RunConfig",
    "Timeline",
    "Trainer",
    "TrainerState",
    "predict_grid",
]
