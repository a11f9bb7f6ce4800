"""Training: show the network the samples, add up the gradients, take one step downhill."""

import bisect
import copy
import math
import threading
from array import array
from collections.abc import Sequence

from scratchnet import compiled
from scratchnet.batches import Batches, Shuffler
from scratchnet.datasets import Sample
from scratchnet.features import DEFAULT_FEATURES, check_features, expand
from scratchnet.losses import square_loss, square_loss_derivative
from scratchnet.network import Network
from scratchnet.regularisation import add_gradients, penalty, regulariser_named
from scratchnet.trainer_state import TrainerState

# A sample as the network takes it: its inputs (the features of the point) and its label.
Example = tuple[list[float], float]


class Trainer:
    """Gradient descent on one network and one training set, one step at a time.

    By default it is the tutorial's: every step learns from every training point (full batch),
    with no regularisation. Keyword arguments add TensorFlow Playground's settings: a test set
    to watch, input features, mini-batches and regularisation (see `step`).

    `learning_rate`, `batch_size`, `regularisation` and `regularisation_rate` are plain
    attributes: set them between steps and the next step uses them.

    Cheap to read after each step (kept, nothing computed): `steps`, `epoch`, `losses`, `loss`,
    `test_losses`, `test_loss`, `diverged`. These cost a pass over data, a forward pass per
    point: `train_accuracy()`, `train_loss()` (training set), `test_accuracy()` (test set).
    `penalty()` costs a pass over the weights. A step itself costs a forward pass over the
    test set, on top of its own batch, when there is a test set.

    `losses` keeps the mean loss of every step (in a compact array of floats, so a million steps
    cost 8 MB, not 32). With mini-batches a step's loss is its batch's only, so as each epoch
    ends the trainer also measures the loss over the whole training set, and the test set
    (`epoch_losses`, `epoch_test_losses`, after the epochs `epoch_numbers`; a forward pass over
    both sets per epoch). In full batch it does not: each step is an epoch, and its loss is
    already the whole training set's. If the numbers blow up, the trainer stops updating and
    sets `diverged` instead of raising, so a program driving it can tell the user and carry on.

    `state()` freezes where the run is; `restore(state)` goes back there (a saved run, a
    timeline's checkpoint), after which the steps are the very ones that followed it.

    One thread trains; another may read the run while a step is under way (the app, quitting
    while a huge network takes minutes over one step). A step moves the mini-batches on as it
    begins, but changes the weights, the step count and the losses only as it finishes, all at
    once under a lock (`_finishing`). So `state()` and `copy_between_steps()` always give the
    run as it stood after its last finished step, never half a step.
    """

    def __init__(
        self,
        network: Network,
        dataset: list[Sample],
        learning_rate: float,
        *,
        test_set: Sequence[Sample] = (),
        features: Sequence[str] = DEFAULT_FEATURES,
        batch_size: int | None = None,
        regularisation: str = "none",
        regularisation_rate: float = 0.001,
        seed: int | None = None,
    ) -> None:
        """`dataset` is the training set; `seed` (default: the network's) shuffles mini-batches."""
        if not dataset:
            raise ValueError("the dataset is empty")
        self.features = check_features(features)
        if len(self.features) != network.num_inputs:
            raise ValueError(
                f"{len(self.features)} features for a network of {network.num_inputs} inputs"
            )
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"a batch needs at least one point, got batch size {batch_size}")
        regulariser_named(regularisation)  # an unknown name fails here, not at the first step
        self.network = network
        self.dataset = dataset
        self.test_set = list(test_set)
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.regularisation = regularisation
        self.regularisation_rate = regularisation_rate
        self.steps = 0
        self.losses: array[float] = array("d")
        self.test_losses: array[float] = array("d")
        # With mini-batches: the full-set losses after each epoch, and which epoch (see above).
        self.epoch_numbers: array[int] = array("q")
        self.epoch_losses: array[float] = array("d")
        self.epoch_test_losses: array[float] = array("d")
        self.diverged = False
        # Each sample's inputs as the list the network takes, made once rather than every step.
        self._samples = self._examples(dataset)
        self._test_samples = self._examples(self.test_set)
        self._batches = Batches(len(dataset), network.seed if seed is None else seed)
        # Where the mini-batches were when the step under way began (None between steps), and
        # the shuffler too if that step shuffles: what the run was before the step.
        self._step_began: tuple[int, int, Shuffler | None] | None = None
        self._finishing = threading.Lock()  # held while a step writes its results

    def __getstate__(self) -> dict[str, object]:
        """What copy and pickle take: everything but the lock, which belongs to this trainer."""
        state = self.__dict__.copy()
        del state["_finishing"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._finishing = threading.Lock()

    def _examples(self, samples: Sequence[Sample]) -> list[Example]:
        features = self.features
        return [(expand(x, y, features), target) for x, y, target in samples]

    def step(self) -> float:
        """One step of gradient descent; returns the mean loss of the samples it learnt from.

        Full batch (`batch_size` None, the default, or at least the training set's size): every
        training point, in order, so the loss is the training loss, and each step is an epoch.
        Mini-batches: the next `batch_size` points of a shuffled epoch (see `batches.py`), so the
        loss is that batch's. Either way the loss is measured before the update, and so is the
        test loss, which goes to `test_losses` when there is a test set.

        With regularisation, rate * R'(w) is added to each weight's gradient; the losses stay
        the data loss alone (the penalty is `penalty()`). Once the run has diverged this does
        nothing and returns NaN. The step that ends a mini-batch epoch also measures the full
        sets' losses (see the class's docstring).
        """
        if self.diverged:
            return math.nan
        network = self.network
        mini_batch = self.mini_batches
        self._step_began = self._where_batches_are(shuffles_now=mini_batch)
        batch = self._next_batch()
        network.zero_grad()
        loss = _learn_from(network, batch)
        regulariser = regulariser_named(self.regularisation)
        if regulariser is not None:
            add_gradients(network, regulariser, self.regularisation_rate)
        test_loss = _measure(network, self._test_samples)[0] if self._test_samples else 0.0
        with self._finishing:  # a reader in another thread sees all of this step or none of it
            self._step_began = None
            if not (math.isfinite(loss + test_loss) and _gradients_are_finite(network)):
                self.diverged = True
                return loss
            network.update_params(self.learning_rate)
            self.steps += 1
            self.losses.append(loss)
            if self._test_samples:
                self.test_losses.append(test_loss)
            if not _parameters_are_finite(network):
                self.diverged = True
            elif mini_batch and self._batches.position == 0:
                self._measure_epoch()
        return loss

    def _where_batches_are(self, shuffles_now: bool) -> tuple[int, int, Shuffler | None]:
        """The epoch and position now, and the shuffler if the coming step shuffles (a step of
        mini-batches at an epoch's start); a step that does not shuffle leaves it as it is."""
        batches = self._batches
        shuffler = batches.shuffler() if shuffles_now and batches.position == 0 else None
        return batches.epoch, batches.position, shuffler

    @property
    def mini_batches(self) -> bool:
        """True when a step learns from some of the training points only (`batch_size`)."""
        size = self.batch_size
        return size is not None and size < len(self._samples)

    def _next_batch(self) -> list[Example]:
        """This step's samples: all of them (full batch) or the next mini-batch."""
        size = self.batch_size
        samples = self._samples
        if size is None or size >= len(samples):  # not `mini_batches`
            self._batches.full_batch()
            return samples
        return [samples[i] for i in self._batches.next_batch(size)]

    def _measure_epoch(self) -> None:
        """An epoch of mini-batches has ended: the losses over the whole sets, after it."""
        self.epoch_numbers.append(self._batches.epoch)
        self.epoch_losses.append(_measure(self.network, self._samples)[0])
        if self._test_samples:
            self.epoch_test_losses.append(_measure(self.network, self._test_samples)[0])

    @property
    def epoch_loss(self) -> float:
        """The training set's loss after the last epoch of mini-batches, or NaN before one."""
        return self.epoch_losses[-1] if self.epoch_losses else math.nan

    @property
    def epoch_test_loss(self) -> float | None:
        """The test set's loss after the last epoch of mini-batches; None without a test set."""
        if not self._test_samples:
            return None
        return self.epoch_test_losses[-1] if self.epoch_test_losses else math.nan

    def losses_after_epoch(self, epoch: int) -> tuple[float, float | None]:
        """(training set's, test set's) losses after `epoch`, as measured when it ended.

        NaN for an epoch not measured (not yet ended, or ended in full batch); the test loss is
        None without a test set.
        """
        numbers = self.epoch_numbers
        i = bisect.bisect_left(numbers, epoch)
        measured = i < len(numbers) and numbers[i] == epoch
        train = self.epoch_losses[i] if measured else math.nan
        if not self._test_samples:
            return train, None
        return train, self.epoch_test_losses[i] if measured else math.nan

    def state(self) -> TrainerState:
        """Where the run is now, frozen: `restore` puts this trainer (or a twin) back here.

        Costs a copy of the weights and of the shuffler (tens of microseconds), and only when
        called: training itself keeps nothing extra. Called from another thread while a step is
        under way, it gives the run as it was before that step (see the class's docstring).
        """
        with self._finishing:
            return self._state()

    def _state(self) -> TrainerState:
        batches = self._batches
        began = self._step_began
        if began is None:  # between steps
            epoch, position, shuffler = batches.epoch, batches.position, None
        else:  # a step is under way: the batches as they were before it
            epoch, position, shuffler = began
        return TrainerState(
            steps=self.steps,
            parameters=array("d", self.network.parameters()),
            epoch=epoch,
            position=position,
            shuffler=shuffler or batches.shuffler(),
            diverged=self.diverged,
        )

    def copy_between_steps(self) -> "Trainer":
        """A copy of this run as it stood after its last finished step, whatever is under way.

        For another thread: the app, quitting while this trainer's thread is deep in a long
        step (or in anything else), saves the copy rather than wait. The copy shares nothing
        that either one changes: its own network, losses, batches and lock.
        """
        twin = copy.copy(self)  # the settings and the samples, which no step changes
        twin.network = self.network.copy()
        twin._batches = Batches(len(self.dataset), seed=0)  # `restore` below sets it
        twin._step_began = None
        with self._finishing:
            state = self._state()
            losses, test_losses = self.losses[: state.steps], self.test_losses[: state.steps]
            twin.epoch_numbers = array("q", self.epoch_numbers)
            twin.epoch_losses = array("d", self.epoch_losses)
            twin.epoch_test_losses = array("d", self.epoch_test_losses)
        twin.restore(state, losses=losses, test_losses=test_losses)
        return twin

    def restore(
        self,
        state: TrainerState,
        *,
        losses: Sequence[float] | None = None,
        test_losses: Sequence[float] | None = None,
    ) -> None:
        """Put the run back where `state` says; the next step is then the one that came next.

        The loss history is kept up to the state's step and the rest dropped (going back to an
        earlier step of this run); so are the epochs' full-set losses after the state's epoch.
        A trainer that never took those steps (a fresh one, for a saved run) is given them:
        `losses`, one per step, and `test_losses`, one per step when there is a test set, else
        none. The settings stay as they are.

        Raises ValueError, changing nothing, if the state cannot be this trainer's.
        """
        steps = state.steps
        if steps < 0:
            raise ValueError(f"a run cannot be at step {steps}")
        train = self.losses[:steps] if losses is None else array("d", losses)
        test = self.test_losses[:steps] if test_losses is None else array("d", test_losses)
        tests = steps if self._test_samples else 0
        if len(train) != steps or len(test) != tests:
            raise ValueError(
                f"a run at step {steps} needs {steps} losses and {tests} test losses, "
                f"got {len(train)} and {len(test)}"
            )
        count = len(self.network.parameters())
        if len(state.parameters) != count:
            raise ValueError(
                f"the state holds {len(state.parameters)} weights and biases, the network {count}"
            )
        with self._finishing:  # a reader in another thread sees the run before or after
            self._batches.restore(state.epoch, state.position, state.shuffler)
            self.network.set_parameters(state.parameters)
            self.steps = steps
            self.losses = train
            self.test_losses = test
            kept = bisect.bisect_right(self.epoch_numbers, state.epoch)  # epochs up to the state's
            del self.epoch_numbers[kept:], self.epoch_losses[kept:]
            del self.epoch_test_losses[kept:]  # none without a test set
            self.diverged = state.diverged

    @property
    def epoch(self) -> int:
        """How many passes over the training set are finished (equal to `steps` in full batch)."""
        return self._batches.epoch

    @property
    def batches(self) -> Batches:
        """Where the mini-batches are: the epoch, the position in it, the order, the shuffler.

        Not needed to train; `state` and `restore` read and set it, to go on exactly.
        """
        return self._batches

    @property
    def loss(self) -> float:
        """The last step's mean loss, or NaN before the first step."""
        return self.losses[-1] if self.losses else math.nan

    @property
    def test_loss(self) -> float | None:
        """The last step's test loss; None without a test set, NaN before the first step."""
        if not self._test_samples:
            return None
        return self.test_losses[-1] if self.test_losses else math.nan

    def train_loss(self) -> float:
        """The mean loss over the whole training set now (a pass over it).

        In full batch `loss` is the same number from before the last update; with mini-batches
        `loss` is only the last batch's.
        """
        return _measure(self.network, self._samples)[0]

    def train_accuracy(self, network: Network | None = None) -> float:
        """The share of training points the network puts on the right side of 0.5 (a pass).

        `network`: another of the same shape to measure instead (the run as it was at a
        timeline's checkpoint, say); by default the run's own.
        """
        return _measure(network or self.network, self._samples)[1]

    def test_accuracy(self, network: Network | None = None) -> float | None:
        """The share of test points on the right side of 0.5 (a pass); None without a test set.

        `network`: as for `train_accuracy`.
        """
        if not self._test_samples:
            return None
        return _measure(network or self.network, self._test_samples)[1]

    def penalty(self) -> float:
        """What regularisation adds to the loss now: rate * sum of R(w) (a pass over weights)."""
        regulariser = regulariser_named(self.regularisation)
        return penalty(self.network, regulariser, self.regularisation_rate)

    def predict(self, x: float, y: float) -> float:
        """The network's answer at the point (x, y), through this run's features."""
        return self.network.forward(expand(x, y, self.features))


def _learn_from(network: Network, samples: list[Example]) -> float:
    """Forward and backward on every sample, summing the gradients; returns the mean loss.

    A network small enough runs this loop written out as straight-line Python (compiled.py),
    about three times as fast, with the very same numbers; a bigger one runs it as it is here.
    """
    if compiled.fits(network):
        return compiled.learn_from(network, samples)
    loss = 0.0
    num_samples = len(samples)
    forward, backward = network.forward, network.backward
    for inputs, target in samples:
        predict = forward(inputs)
        loss += square_loss(predict, target)
        backward(square_loss_derivative(predict, target) / num_samples)
    return loss / num_samples


def _measure(network: Network, samples: list[Example]) -> tuple[float, float]:
    """(mean loss, accuracy): accuracy is the share with prediction and label on one side of 0.5.

    Written out as straight-line Python when the network is small enough, as `_learn_from` is.
    """
    if compiled.fits(network):
        return compiled.measure(network, samples)
    loss = 0.0
    right = 0
    forward = network.forward
    for inputs, target in samples:
        predict = forward(inputs)
        loss += square_loss(predict, target)
        if (predict > 0.5) == (target > 0.5):
            right += 1
    return loss / len(samples), right / len(samples)


def _gradients_are_finite(network: Network) -> bool:
    """True unless some gradient is infinite or NaN (one bad number makes the sum bad)."""
    total = 0.0
    for layer in network.layers:
        for neuron in layer:
            total += neuron.d_bias + sum(neuron.d_weights)
    return math.isfinite(total)


def _parameters_are_finite(network: Network) -> bool:
    """True unless some weight or bias is infinite or NaN."""
    return all(math.isfinite(value) for value in network.parameters())
