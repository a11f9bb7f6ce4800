"""TensorFlow Playground's own arithmetic, so a Playground URL gives the very same run here.

One file per piece of the Playground (github.com/tensorflow/playground), each naming the
function it mirrors:

- `seedrandom.py`: the random numbers, seedrandom 2.4.4's `Math.seedrandom(seed)`;
- `controls.py`: the values its page's controls offer, and what changing each does;
- `settings.py`: its settings table, as `scratchnet/settings.py` is the tutorial's;
- `state.py`: the URL and the settings in it (src/state.ts);
- `datasets.py`: the points (src/dataset.ts, playground.ts generateData);
- `network.py`: the network (src/nn.ts), and `compiled.py`, the same arithmetic made fast;
- `run.py`: a run, epoch by epoch (playground.ts reset, oneStep, getLoss);
- `checkpoint.py`: where a run is, exactly, to go back to or save;
- `runfile.py`: a run saved to a file, its URL with it;
- `lines.py`: a run as text lines, for the command line.

A Playground run is offered to the rest of scratchnet and to the app through the run contract
(`scratchnet/run.py`), by `scratchnet/modes/playground.py`.
"""

from scratchnet.playground.lines import run_lines, state_lines
from scratchnet.playground.run import NodeWeights, PlaygroundRun
from scratchnet.playground.seedrandom import SeedRandom
from scratchnet.playground.state import PlaygroundState, new_seed

__all__ = [
    "NodeWeights",
    "PlaygroundRun",
    "PlaygroundState",
    "SeedRandom",
    "new_seed",
    "run_lines",
    "state_lines",
]
