"""The help screen: every key, and what each pane shows.

The list of keys is read from the app's own bindings, so it can never fall out of date.
"""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

PANES = [
    (
        "The picture",
        "(left) is the network's answer f(x, y) over the square [-2, 2]²: orange where it says 0, "
        "blue where it says 1, pale where it is unsure. Dots ● are the training points in their "
        "true colour, rings ○ the test points: one on the wrong colour is a point the network "
        "still gets wrong.",
    ),
    (
        "The loss",
        "(right) is the mean square error at each step, on a log scale as in the tutorial: each "
        "gridline down is ten times less wrong. With a test set its curve is drawn too; after a "
        "reset the previous run stays, grey, labelled with how it differed.",
    ),
    (
        "The diagram",
        "(v, on the right) is the network itself: the features, every neuron's output and every "
        "weight, blue solid for +w, orange dashed for -w, brighter when larger. Arrows and Tab "
        "move over it; + - nudge and Enter types the chosen weight or bias (Enter on a feature "
        "turns it on or off); . , and ] [ resize the cursor's layer.",
    ),
    (
        "One step",
        "shows the network every training point, adds up how each weight should change "
        "(backpropagation), and moves every weight against its gradient, times the learning "
        "rate.",
    ),
]


def panes_text() -> Text:
    text = Text()
    for title, body in PANES:
        text.append(title, style="bold")
        text.append(f" {body}\n")
    return text


def keys_table(bindings: list[Binding]) -> Table:
    """Two columns of keys: the list is long, the screen is wide."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not (binding.show or binding.tooltip):  # ctrl+c: q's line says it
            continue
        keys, says = binding.key_display or binding.key, binding.tooltip or binding.description
        if rows and rows[-1][1] == says:  # keys that do one thing share a line: ↑ ↓ ← →
            keys = f"{rows.pop()[0]} {keys}"
        rows.append((keys, says))
    rows.append(("ctrl+p", "search every setting: type xor, tanh, noise 10 ..."))
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    half = (len(rows) + 1) // 2
    for _ in range(2):
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
    for left, right in zip(rows[:half], [*rows[half:], ("", "")]):
        table.add_row(*left, *right)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and panes, explained. Any of Esc, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.app_bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), classes="title")
            yield Static(keys_table(self.app_bindings))
            yield Static(Text("What you see", style="bold"), classes="title gap")
            yield Static(panes_text())
            yield Static(Text("Esc, ? or q closes this help.", style="dim"), classes="gap")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
