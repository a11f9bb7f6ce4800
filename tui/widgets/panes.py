"""What lies under the panes, drawn blank: the app's screen and the row of panes.

They are in one file because they are one idea: both are covered wall to wall by what they
hold, and both are needed for the first frame (tui/screens/ is imported when first used)."""

from textual.containers import Horizontal
from textual.screen import Screen


class Backdrop(Screen[None]):
    """The app's screen, drawn blank (Textual's `BLANK`): its widgets cover it wall to wall.

    Textual draws every widget under the others too, cuts each of its lines wherever a widget
    on top begins or ends, and keeps the pieces in the line (about 1 KB each). The screen's
    lines, and those of the row of panes (`Panes`), were cut at every edge on the screen: some
    600 pieces, never seen, kept once the settings panel had opened. Drawn blank, such a
    widget's one blank line is made for each frame, and let go of after it.
    """

    BLANK = True


class Panes(Horizontal):
    """The row of panes: the settings panel, the picture and the side pane, wall to wall.
    Drawn blank, as the screen is (see `Backdrop`)."""

    BLANK = True
