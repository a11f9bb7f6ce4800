"""The training worker: a Textual-free loop that owns the run (see `loop.py`).

- `commands.py`: what the app can ask of it, one dataclass per request;
- `changes.py`: how keys change settings, resolved against the run it has;
- `loop.py`: `TrainingSession`, the loop itself: commands, pacing, the GIL hand-over;
- `frames.py`: building a frame within its byte budget: picture, curves, neurons, probe;
- `files.py`: save, open and export, each answered with a one-line notice.
"""

from tui.session.frames import downsample
from tui.session.loop import TrainingSession

__all__ = ["TrainingSession", "downsample"]
