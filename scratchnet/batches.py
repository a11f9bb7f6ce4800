"""Mini-batches: which training points each step learns from, and how many epochs have passed.

The tutorial learns from every point at every step (full batch). With mini-batches a step
learns from a few points only, so it is cheaper and noisier, and it takes several steps to see
every point once: that is one epoch. At the start of each epoch the points are shuffled with
the run's seed, so every epoch sees them in a new order and the same seed gives the same order.
The last batch of an epoch takes the points that are left, so it may be smaller than the rest.
"""

import random
from dataclasses import dataclass
from typing import Any

# What random.Random.getstate() gives and setstate() takes: (version, 625 numbers, gauss_next).
RandomState = tuple[Any, ...]


@dataclass(frozen=True)
class Shuffler:
    """The shuffler between two shuffles: the order of the points and the random state.

    Nothing else decides the mini-batches to come, so saving these (and the epoch and position,
    see `Batches.restore`) is enough to go on exactly. `shuffles` counts the shuffles that made
    this order: a timeline keeps few shufflers and replays the shuffles in between (`after`).
    """

    order: tuple[int, ...]
    random_state: RandomState
    shuffles: int = 0

    def after(self, shuffles: int) -> "Shuffler":
        """The shuffler `shuffles` shuffles later (they are replayed: about 40 us each)."""
        batches = Batches(len(self.order), seed=0)
        batches.restore(0, 0, self)
        for _ in range(shuffles):
            batches.shuffle()
        return batches.shuffler()


class Batches:
    """Hands out the training points (by position) epoch by epoch; counts finished epochs."""

    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.epoch = 0  # passes over all the training points finished so far
        self.position = 0  # how many points of the current epoch were handed out already
        self.rng = random.Random(seed)
        self.order = list(range(count))
        self.shuffles = 0  # how many times `order` was shuffled (or as restored)

    def next_batch(self, size: int) -> list[int]:
        """The positions of the next `size` points (fewer at the end of an epoch)."""
        if size < 1:
            raise ValueError(f"a batch needs at least one point, got batch size {size}")
        if self.position == 0:
            self.shuffle()
        start = self.position
        end = min(start + size, self.count)
        self.position = end
        if end == self.count:
            self.epoch += 1
            self.position = 0
        return self.order[start:end]

    def shuffle(self) -> None:
        """A new order for the epoch that starts: the one thing that moves the random state."""
        self.rng.shuffle(self.order)
        self.shuffles += 1

    def full_batch(self) -> None:
        """Count a step that saw every point, in order, as one epoch.

        If a mini-batch epoch was under way (the batch size changed), it is dropped: the next
        mini-batch starts a freshly shuffled epoch.
        """
        self.epoch += 1
        self.position = 0

    def shuffler(self) -> Shuffler:
        """The order and random state now, frozen (a copy: later shuffles do not change it)."""
        return Shuffler(tuple(self.order), self.rng.getstate(), self.shuffles)

    def restore(self, epoch: int, position: int, shuffler: Shuffler) -> None:
        """Go back to this epoch, position in it, and shuffler.

        Raises ValueError, changing nothing, if they cannot be this training set's: the order
        must hold each point's position once, and the random state must be one Random takes.
        """
        if epoch < 0:
            raise ValueError(f"the epoch cannot be negative, got {epoch}")
        if not 0 <= position < self.count:
            raise ValueError(f"the position must be from 0 to {self.count - 1}, got {position}")
        if sorted(shuffler.order) != list(range(self.count)):
            raise ValueError(f"the order must hold each of 0 to {self.count - 1} exactly once")
        if shuffler.shuffles < 0:
            raise ValueError(f"the count of shuffles cannot be negative, got {shuffler.shuffles}")
        rng = random.Random()
        try:
            rng.setstate(shuffler.random_state)
        except (TypeError, ValueError) as error:
            raise ValueError(f"not a random state: {error}") from None
        self.epoch = epoch
        self.position = position
        self.order = list(shuffler.order)
        self.rng = rng
        self.shuffles = shuffler.shuffles
