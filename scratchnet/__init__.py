"""scratchnet: the tutorial's neural network, in plain Python.

Everything here uses the standard library only, so that every step of learning can be read.
"""

from scratchnet.config import RunConfig
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from scratchnet.surface import predict_grid
from scratchnet.trainer import Trainer

__all__ = ["Network", "Neuron", "RunConfig", "Trainer", "predict_grid"]
