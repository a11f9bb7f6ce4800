"""Messages between the worker, the widgets and the app."""

from textual.message import Message

from tui.snapshot import Snapshot


class SnapshotReady(Message):
    """Posted by the worker thread: a new frame to show."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
