"""The training worker: a Textual-free session that owns the run (see `training.py`).

- `commands.py`: what the app can ask of it, one dataclass per request;
- `changes.py`: how keys change settings, resolved against the run it has;
- `loop.py`: `SessionLoop`, the loop itself: commands between steps, pacing, the GIL hand-over;
- `training.py`: `TrainingSession`, one run of either kind through the run contract, and the
  one snapshot builder;
- `lookback.py`: looking back along the run's timeline, replaying it, going on from the past;
- `ghost.py`: a run left behind, kept on the plot as a labelled ghost;
- `frames.py`: building a frame within its byte budget: picture, curves, neurons, probe, diagram;
- `edits.py`: the diagram's edits of a weight or a bias;
- `gradient_check.py`: a gradient check, a few parameters a turn between steps;
- `health_watch.py`: the run's health measured every few steps, and the line to show;
- `files.py`: save, open and export, each answered with a one-line notice.
"""

from tui.session.frames import downsample
from tui.session.training import TrainingSession

__all__ = ["TrainingSession", "downsample"]
