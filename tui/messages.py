"""Messages between the worker, the widgets and the app: small, one thing each."""

from dataclasses import dataclass

from textual.message import Message

from tui.session.commands import Command
from tui.snapshot import GradientReport, Notice, Snapshot


@dataclass
class SnapshotReady(Message):
    """Posted by the worker thread: a new frame to show.

    A frame the app has not drawn yet is replaced by a newer one (`can_replace`): after a busy
    moment the app draws the newest frame, not every frame it missed.
    """

    snapshot: Snapshot

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SnapshotReady)


@dataclass
class NoticeReady(Message):
    """Posted by the worker thread: one line for the user, shown once."""

    notice: Notice


@dataclass
class GradientReady(Message):
    """Posted by the worker thread: a gradient check's report, shown once."""

    report: GradientReport


@dataclass
class Steer(Message):
    """A command for the worker, from a widget or the command palette, sent on by the app."""

    command: Command
