"""The help screen: what each pane shows, for the run on screen, and every key.

The list of keys is read from the app's own bindings, and what the panes show from the run's
snapshot (its square, its unit, its settings table, its URL), so neither can fall out of date,
and a Playground run is described in its own terms. How to close it is its first line.
"""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from scratchnet.features import LABELS
from scratchnet.kinds import number_text
from scratchnet.modes.tutorial import DOMAIN
from tui.screens.closes_once import ClosesOnce
from tui.snapshot import Snapshot

CLOSE = "Esc, ? or q closes this help · ↑ ↓ PgUp PgDn scroll"
WIDE = 120  # from this many columns the keys stand in two columns, narrower in one


def panes(snapshot: Snapshot | None) -> list[tuple[str, str]]:
    """What each pane shows, said for the run on screen: its square, its output's range, its
    unit (a step, or a Playground epoch), its features and settings, its URL; all read from
    the run contract in the snapshot, so either kind of run is described in its own terms."""
    domain = snapshot.domain if snapshot else DOMAIN
    unit = snapshot.unit if snapshot else "step"
    low, high = number_text(domain.low), number_text(domain.high)
    said = [
        (
            "The picture",
            f"(left) is the network's answer f(x, y) over the square [{low}, {high}]²: orange "
            f"where it says {number_text(domain.output_low)}, blue where it says "
            f"{number_text(domain.output_high)}, pale where it is unsure. Dots ● are the "
            "training points in their true colour, rings ○ the test points: one on the wrong "
            "colour is a point the network still gets wrong.",
        ),
        (
            "The loss",
            f"(right), after each {unit}, on a log scale: each gridline down is ten "
            "times less wrong. With a test set its curve is drawn too; after a reset the "
            "previous run stays, grey, labelled with how it differed.",
        ),
        (
            "The diagram",
            "(v, on the right) is the network itself: the features, every neuron's output and "
            "every weight, blue solid for +w, orange dashed for -w, brighter when larger; a "
            "feature switched off says off. Its keys are above.",
        ),
        (f"One {unit}", one_step(snapshot)),
    ]
    if snapshot is not None:
        said.append(("This run", run_settings(snapshot)))
        if snapshot.url is not None:
            said.append(
                (
                    "Its URL",
                    "(u) opens this very run in TensorFlow Playground, in a browser: u shows "
                    "it, to select and copy.",
                )
            )
    return said


def one_step(snapshot: Snapshot | None) -> str:
    """What one step (or epoch) of the run does, by its unit and its batch size."""
    unit = snapshot.unit if snapshot else "step"
    batch = setting_text(snapshot, "batch_size") if snapshot else "full"
    move = "moves every weight against its gradient, times the learning rate"
    if unit == "epoch":
        return (
            f"goes through every training point, in batches of {batch}: after each batch, "
            f"backpropagation says how each weight should change, and the run {move}."
        )
    points = "every training point" if batch == "full" else f"a batch of {batch} points"
    return (
        f"shows the network {points}, adds up how each weight should change "
        f"(backpropagation), and {move}."
    )


def run_settings(snapshot: Snapshot) -> str:
    """The run's settings as its own table names them, those its dataset uses: c opens them."""
    said = []
    for setting in snapshot.table:
        if setting.applies(snapshot.dataset) and setting.name != "speed":
            text = setting_text(snapshot, setting.name)
            said.append(f"{setting.label.lower()} {text}{setting.unit and ' ' + setting.unit}")
    return "has " + "; ".join(said) + ". c shows them, to change; ctrl+p searches them."


def setting_text(snapshot: Snapshot, name: str) -> str:
    """A setting's value as the run's table writes it: features by their labels (sin x)."""
    value = getattr(snapshot.config, name)
    if name == "features":
        return ", ".join(LABELS.get(feature, feature) for feature in value)
    return snapshot.setting(name).text(value)


def panes_text(snapshot: Snapshot | None) -> Text:
    text = Text()
    for title, body in panes(snapshot):
        text.append(title, style="bold")
        text.append(f" {body}\n")
    text.rstrip()
    return text


def keys_table(bindings: list[Binding], columns: int = 2) -> Table:
    """The keys in one or two columns: two on a wide screen, one on a narrow one, where two
    would wrap each line in three."""
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
    for _ in range(columns):
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
    if columns == 1:
        for row in rows:
            table.add_row(*row)
        return table
    half = (len(rows) + 1) // 2
    for left, right in zip(rows[:half], [*rows[half:], ("", "")]):
        table.add_row(*left, *right)
    return table


class HelpScreen(ClosesOnce[None]):
    """Keys and panes, explained for the run on screen (`snapshot`). Any of Esc, ? or q closes
    it, as its first line says."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, bindings: list[Binding], snapshot: Snapshot | None = None) -> None:
        super().__init__()
        self.app_bindings = bindings
        self.snapshot = snapshot

    def compose(self) -> ComposeResult:
        columns = 2 if self.app.size.width >= WIDE else 1
        with VerticalScroll(id="help"):
            yield Static(Text(CLOSE, style="bold"), id="help-close")
            yield Static(Text("Keys", style="bold"), classes="title gap")
            yield Static(keys_table(self.app_bindings, columns))
            yield Static(Text("What you see", style="bold"), classes="title gap")
            yield Static(panes_text(self.snapshot))
            yield Static(Text(CLOSE, style="dim"), classes="gap")

    async def action_dismiss(self, result: None = None) -> None:
        """Close, once, and only from the top of the screens: a key passed down to help from a
        box above it (tui/screens/kept_text.py) dismissed it from under the box, and a second
        one ended the app (InvalidStateError: a screen dismissed twice; found by the soak)."""
        if self.is_current:
            self.close_once(result)
