"""A run's past: checkpoints taken as it trains, to look back at, replay, or go on from.

The rule, which keeps memory bounded whatever the run's length:

- A checkpoint every `spacing` steps from the first one recorded; `spacing` starts at 1, so
  at first every step is kept (the tutorial's 2000 steps all are, by default).
- At most `capacity` checkpoints (2048 by default). When one more comes, every other one is
  dropped, the first, third, fifth, ... stay (so the first and the newest always do), and the
  spacing doubles. The checkpoints stay evenly spaced, between capacity / 2 and capacity of
  them: at [8, 8] with mini-batches, about 5 MB after a million steps, and no more after more.
- `record_latest` also keeps the trainer's current step, off the even spacing (call it when
  training pauses, so the very end can be looked at); the next regular checkpoint replaces it.

A checkpoint keeps the weights and biases (8 bytes each) and a few counts. The shuffler that
deals the mini-batches (their order and its random state, about 25 KB) changes only once per
epoch, so only every 16th checkpoint keeps it (the very same one as the last kept, when no
epoch began in between). The others replay the shuffles since the last one kept
(`Shuffler.after`, about 40 us each for 121 points) when they are restored: at most 15
checkpoints' worth. Drawing the past needs only the weights, so it never replays anything.

One timeline per run: a reset or a loaded run starts a new one.

The rule is the same whatever the run: `Checkpoints` keeps it, for any run that says how far it
is (`steps`) and can freeze and restore where it is (`state()`, `restore(state)`). `Timeline` is
the tutorial's trainer's, sparing the shufflers as above; `WholeStates` keeps each checkpoint's
state whole, for a run whose state is small (a Playground run's: its weights, the gradients it
carries over and its dead links, a few KB; see scratchnet/playground/checkpoint.py).
"""

import copy
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, Generic, NamedTuple, Protocol, Self, TypeVar

from scratchnet.batches import Shuffler
from scratchnet.trainer import Trainer
from scratchnet.trainer_state import TrainerState

# Every this many checkpoints, one keeps the mini-batch shuffler; the rest replay from it.
SHUFFLER_EVERY = 16
# The most checkpoints a timeline keeps by default, and about the most bytes of them.
MOST_CHECKPOINTS = 2048
TIMELINE_BYTES = 8 * 2**20


def capacity_for(checkpoint_bytes: int) -> int:
    """How many checkpoints of this size a timeline keeps: at most MOST_CHECKPOINTS, fewer for
    a big network, so that they stay within about TIMELINE_BYTES; at least 16, an even number."""
    return max(16, min(MOST_CHECKPOINTS, TIMELINE_BYTES // max(1, checkpoint_bytes))) // 2 * 2


class Kept(Protocol):
    """What a timeline keeps of each checkpoint: its step, and its weights and biases."""

    @property
    def steps(self) -> int: ...

    @property
    def parameters(self) -> "array[float]": ...


class Recorded(Protocol):
    """A run a timeline can record: how far it is, and its state to freeze and restore."""

    @property
    def steps(self) -> int: ...

    def state(self) -> Any: ...

    def restore(self, state: Any) -> None: ...


K = TypeVar("K", bound=Kept)


class _Checkpoint(NamedTuple):
    """A `TrainerState` without its shuffler, unless it is one that keeps it."""

    steps: int
    parameters: "array[float]"
    epoch: int
    position: int
    shuffles: int  # the shuffler's count, to replay up to it
    diverged: bool
    shuffler: Shuffler | None


class SavedCheckpoint(NamedTuple):
    """A checkpoint as a run file keeps it (`Timeline.saved`, `Timeline.from_saved`).

    `shuffles` counts the mini-batch shuffles up to it; `shuffler` is kept by every
    SHUFFLER_EVERY-th checkpoint from the first (None for the others: they replay from it).
    """

    steps: int
    epoch: int
    position: int
    shuffles: int
    parameters: "array[float]"
    shuffler: Shuffler | None


class Checkpoints(Generic[K]):
    """Checkpoints of one run, oldest first, kept by the rule in the module's docstring:
    `record(run)` after each step keeps them.

    A checkpoint is found by its index (0 is the oldest, `len(timeline) - 1` the newest);
    `steps` lists their steps and `nearest(step)` finds the index closest to a step. What a
    checkpoint holds, and the state it gives back (`at`), is the subclass's (`_checkpoint`,
    `at`).
    """

    def __init__(self, capacity: int = MOST_CHECKPOINTS) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError(f"a timeline's capacity must be an even number from 2, got {capacity}")
        self.capacity = capacity
        self.spacing = 1  # steps between two checkpoints: doubles each time they are thinned
        self._checkpoints: list[K] = []
        self._latest: K | None = None  # from record_latest, off the spacing
        self._next_step = 0  # record keeps nothing before this step

    def copy(self) -> Self:
        """A timeline with the same checkpoints, which recording in either leaves the other's.

        The checkpoints themselves are shared: nothing changes one once it is kept.
        """
        twin = copy.copy(self)
        twin._checkpoints = list(self._checkpoints)
        return twin

    def __len__(self) -> int:
        return len(self._checkpoints) + (self._latest is not None)

    @property
    def steps(self) -> list[int]:
        """The step of each checkpoint, ascending."""
        return [checkpoint.steps for checkpoint in self._all()]

    def record(self, run: Recorded) -> None:
        """Keep a checkpoint of the run if its step is due; call it after every step.

        Between checkpoints this compares two numbers and returns: nearly free.
        """
        if run.steps < self._next_step:
            return
        checkpoints = self._checkpoints
        checkpoints.append(self._checkpoint(run, keep_all=len(checkpoints) % SHUFFLER_EVERY == 0))
        self._latest = None
        if len(checkpoints) > self.capacity:
            self._thin()
        self._next_step = run.steps + self.spacing

    def record_latest(self, run: Recorded) -> None:
        """Keep the run's current step too, even if it is not due (when training pauses)."""
        self.record(run)
        last = self._checkpoints[-1].steps if self._checkpoints else -1
        if run.steps < last:
            raise ValueError(
                f"the run is at step {run.steps}, before the last checkpoint ({last}): "
                "truncate the timeline first"
            )
        if run.steps == last:
            return
        self._latest = self._checkpoint(run, keep_all=True)

    def nearest(self, step: int) -> int:
        """The index of the checkpoint closest to `step` (the earlier one of two as close)."""
        steps = self.steps
        if not steps:
            raise LookupError("the timeline has no checkpoints yet")
        after = bisect_left(steps, step)
        if after == len(steps):
            return after - 1
        if after > 0 and step - steps[after - 1] <= steps[after] - step:
            return after - 1
        return after

    def parameters_at(self, index: int) -> "array[float]":
        """Checkpoint `index`'s weights and biases, as the network's `parameters` lists them
        (a copy): all that drawing the past needs."""
        return array("d", self._at(index).parameters)

    def at(self, index: int) -> Any:
        """Checkpoint `index` as the whole state its run's `restore` takes."""
        raise NotImplementedError

    def restore_into(self, run: Recorded, index: int) -> None:
        """Put this timeline's run back at checkpoint `index` (its losses are cut there too)."""
        run.restore(self.at(index))

    def truncate_after(self, step: int) -> None:
        """Forget the checkpoints after `step`: the future a fork abandons."""
        checkpoints = self._checkpoints
        del checkpoints[bisect_left(self.steps, step + 1, hi=len(checkpoints)) :]
        if self._latest is not None and self._latest.steps > step:
            self._latest = None
        self._next_step = checkpoints[-1].steps + self.spacing if checkpoints else 0

    def fork(self, run: Recorded, index: int) -> None:
        """Go on from checkpoint `index`: the run goes back there, the later ones go."""
        self.restore_into(run, index)
        self.truncate_after(run.steps)

    def _check_saved(self, count: int, spacing: int) -> None:
        """ValueError unless a file's `count` checkpoints and `spacing` fit this timeline."""
        if spacing < 1 or spacing & (spacing - 1):
            raise ValueError(f"a timeline's spacing must be a power of 2, got {spacing}")
        if not 1 <= count <= self.capacity + 1:
            raise ValueError(f"a timeline holds 1 to {self.capacity + 1} checkpoints, not {count}")

    def _keep_saved(self, kept: list[K], spacing: int) -> None:
        """Hold a file's checkpoints (checked): the next one comes `spacing` steps after them."""
        self._checkpoints = kept
        self.spacing = spacing
        self._next_step = kept[-1].steps + spacing

    def _checkpoint(self, run: Any, keep_all: bool) -> K:
        """What to keep of the run now; `keep_all`: for every SHUFFLER_EVERY-th checkpoint and
        the latest, which a subclass may keep more of than of the others."""
        raise NotImplementedError

    def _all(self) -> list[K]:
        if self._latest is None:
            return self._checkpoints
        return [*self._checkpoints, self._latest]

    def _at(self, index: int) -> K:
        count = len(self)
        if not -count <= index < count:
            raise IndexError(f"the timeline has {count} checkpoints, there is no number {index}")
        return self._all()[index]

    def _thin(self) -> None:
        """Keep every other checkpoint and double the spacing (the rule in the docstring)."""
        self._checkpoints = self._thinned(self._checkpoints[::2])
        self.spacing *= 2

    def _thinned(self, kept: list[K]) -> list[K]:
        """The checkpoints that stay after thinning, as the subclass keeps them."""
        return kept


class WholeStates(Checkpoints[Any]):
    """A timeline of a run whose `state()` is small: each checkpoint is that state, whole.

    The state must have `steps` and `parameters` (see `Kept`), like a Playground run's.
    """

    def _checkpoint(self, run: Recorded, keep_all: bool) -> Any:
        return run.state()

    def at(self, index: int) -> Any:
        return self._at(index)

    @classmethod
    def from_states(cls, states: Sequence[Kept], capacity: int, spacing: int) -> "WholeStates":
        """The timeline a run file kept: these states, oldest first (the newest is the run's
        present); the next checkpoint comes `spacing` steps after the newest.

        Raises ValueError, saying why in one line: none or too many, steps not in order.
        """
        timeline = cls(capacity)
        timeline._check_saved(len(states), spacing)
        for index in range(1, len(states)):
            if states[index].steps <= states[index - 1].steps:
                raise ValueError(f"checkpoint {index + 1} does not come after the one before it")
        timeline._keep_saved(list(states), spacing)
        return timeline

    def saved(self) -> list[Any]:
        """Every checkpoint's state, oldest first, as a run file keeps them (the newest too)."""
        return list(self._all())


class Timeline(Checkpoints[_Checkpoint]):
    """Checkpoints of the tutorial's run, oldest first: `record(trainer)` after each step keeps
    them, sparing the mini-batch shufflers (see the module's docstring)."""

    def at(self, index: int) -> TrainerState:
        """Checkpoint `index` as a whole `TrainerState`, shuffler included (it may be replayed)."""
        checkpoint = self._at(index)
        shuffler = checkpoint.shuffler
        if shuffler is None:
            shuffler = self._replayed_shuffler(index, checkpoint.shuffles)
        return TrainerState(
            steps=checkpoint.steps,
            parameters=array("d", checkpoint.parameters),
            epoch=checkpoint.epoch,
            position=checkpoint.position,
            shuffler=shuffler,
            diverged=checkpoint.diverged,
        )

    def saved(self) -> list[SavedCheckpoint]:
        """Every checkpoint, oldest first, as a run file keeps it (the newest one included)."""
        return [
            SavedCheckpoint(
                c.steps,
                c.epoch,
                c.position,
                c.shuffles,
                c.parameters,
                c.shuffler if index % SHUFFLER_EVERY == 0 else None,
            )
            for index, c in enumerate(self._all())
        ]

    @classmethod
    def from_saved(
        cls, checkpoints: Sequence[SavedCheckpoint], capacity: int, spacing: int
    ) -> "Timeline":
        """The timeline a run file kept (see `saved`); the next checkpoint comes `spacing`
        steps after its newest one.

        Raises ValueError, saying why in one line, for checkpoints no timeline could hold: none
        or too many, steps not in order, shuffles going back, a shuffler missing or misplaced.
        """
        timeline = cls(capacity)
        timeline._check_saved(len(checkpoints), spacing)
        kept: list[_Checkpoint] = []
        for index, saved in enumerate(checkpoints):
            if kept and (saved.steps <= kept[-1].steps or saved.shuffles < kept[-1].shuffles):
                raise ValueError(f"checkpoint {index + 1} does not come after the one before it")
            keeps = index % SHUFFLER_EVERY == 0
            shuffler = saved.shuffler
            if keeps != (shuffler is not None):
                which = "keeps" if keeps else "does not keep"
                raise ValueError(f"checkpoint {index + 1} {which} the mini-batch shuffler")
            if shuffler is not None and shuffler.shuffles != saved.shuffles:
                raise ValueError(f"checkpoint {index + 1}'s shuffler is not its own")
            kept.append(
                _Checkpoint(
                    saved.steps,
                    array("d", saved.parameters),
                    saved.epoch,
                    saved.position,
                    saved.shuffles,
                    False,
                    shuffler,
                )
            )
        timeline._keep_saved(kept, spacing)
        return timeline

    def _checkpoint(self, trainer: Trainer, keep_all: bool) -> _Checkpoint:
        batches = trainer.batches
        shuffler = None
        if keep_all:
            shuffler = self._shared_shuffler(trainer)
        return _Checkpoint(
            trainer.steps,
            array("d", trainer.network.parameters()),
            batches.epoch,
            batches.position,
            batches.shuffles,
            trainer.diverged,
            shuffler,
        )

    def _shared_shuffler(self, trainer: Trainer) -> Shuffler:
        """The trainer's shuffler, or the last one kept if no epoch was shuffled since."""
        shuffles = trainer.batches.shuffles
        for checkpoint in reversed(self._checkpoints):
            if checkpoint.shuffler is not None:
                if checkpoint.shuffler.shuffles == shuffles:
                    return checkpoint.shuffler
                break
        return trainer.batches.shuffler()

    def _replayed_shuffler(self, index: int, shuffles: int) -> Shuffler:
        """The shuffler at checkpoint `index`: the last one kept before it, replayed forward."""
        if index < 0:
            index += len(self)
        for earlier in reversed(self._checkpoints[:index]):
            if earlier.shuffler is not None:
                return earlier.shuffler.after(shuffles - earlier.shuffler.shuffles)
        raise AssertionError("the first checkpoint always keeps its shuffler")

    def _thinned(self, kept: list[_Checkpoint]) -> list[_Checkpoint]:
        """Every SHUFFLER_EVERY-th of the checkpoints that stay keeps its shuffler, no other."""
        for index, checkpoint in enumerate(kept):
            if index % SHUFFLER_EVERY and checkpoint.shuffler is not None:
                kept[index] = checkpoint._replace(shuffler=None)
        return kept
