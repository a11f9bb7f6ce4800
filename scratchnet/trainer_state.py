"""Where a training run is, frozen: enough to put a trainer back there and go on exactly.

A run's future depends on its weights and biases, on how many steps it took, on where the
mini-batches are (the epoch, the position in it, the shuffled order and the random state that
will shuffle the next epochs), and on whether it diverged. The settings (learning rate, batch
size, regularisation) are not part of it: they are whatever the trainer has when it goes on.
The loss history is not part of it either: it belongs to the trainer, which keeps the first
`steps` losses when it goes back (see `Trainer.restore`).
"""

from array import array
from dataclasses import dataclass

from scratchnet.batches import Shuffler


@dataclass(frozen=True)
class TrainerState:
    """A trainer's state after `steps` steps (from `Trainer.state`, for `Trainer.restore`).

    `parameters` holds every weight and bias in the order `Network.parameters` lists them,
    as 8 bytes each; it is the state's own copy, so do not change it.
    """

    steps: int
    parameters: "array[float]"
    epoch: int
    position: int
    shuffler: Shuffler
    diverged: bool = False
