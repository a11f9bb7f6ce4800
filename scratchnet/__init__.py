"""scratchnet: the tutorial's neural network, in plain Python.

Everything here uses the standard library only, so that every step of learning can be read.
"""

from scratchnet.config import RunConfig
from scratchnet.gradcheck import LayerCheck, gradient_check
from scratchnet.network import Network
from scratchnet.neuron import Neuron
from scratchnet.neurons_view import neuron_grids
from scratchnet.probe import Probe, find_sample, probe
from scratchnet.surface import predict_grid
from scratchnet.timeline import Timeline
from scratchnet.trainer import Trainer
from scratchnet.trainer_state import TrainerState

__all__ = [
    "LayerCheck",
    "Network",
    "Neuron",
    "Probe",
    "RunConfig",
    "Timeline",
    "Trainer",
    "TrainerState",
    "find_sample",
    "gradient_check",
    "neuron_grids",
    "predict_grid",
    "probe",
]
