"""Mini-batches: which training points each step learns from, and how many epochs have passed.

The tutorial learns from every point at every step (full batch). With mini-batches a step
learns from a few points only, so it is cheaper and noisier, and it takes several steps to see
every point once: that is one epoch. At the start of each epoch the points are shuffled with
the run's seed, so every epoch sees them in a new order and the same seed gives the same order.
The last batch of an epoch takes the points that are left, so it may be smaller than the rest.
"""

import random


class Batches:
    """Hands out the training points (by position) epoch by epoch; counts finished epochs."""

    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.epoch = 0  # passes over all the training points finished so far
        self.position = 0  # how many points of the current epoch were handed out already
        self.rng = random.Random(seed)
        self.order = list(range(count))

    def next_batch(self, size: int) -> list[int]:
        """The positions of the next `size` points (fewer at the end of an epoch)."""
        if size < 1:
            raise ValueError(f"a batch needs at least one point, got batch size {size}")
        if self.position == 0:
            self.rng.shuffle(self.order)
        start = self.position
        end = min(start + size, self.count)
        self.position = end
        if end == self.count:
            self.epoch += 1
            self.position = 0
        return self.order[start:end]

    def full_batch(self) -> None:
        """Count a step that saw every point, in order, as one epoch.

        If a mini-batch epoch was under way (the batch size changed), it is dropped: the next
        mini-batch starts a freshly shuffled epoch.
        """
        self.epoch += 1
        self.position = 0
