"""The key table: every key of the app, once, with the words the key line and help show.

A key is a binding to one action (keys/actions.py, keys/pane.py, lifecycle/quitting.py), and an
action is one command for the worker, or a change of what the screen shows. Keys of one idea
share a tooltip, so that help lists them on one line (`j k  timeline: ...`); those the key line
has no room for are written where they act (the timeline bar, the panels' frames) and in help.
Whether a key acts now (the arrows only with a panel open, `u` only for a run with a URL) is
`SidePane.check_action`'s.

The key line (widgets/key_footer.py) shows as many of the keys as fit, by `KEY_LINE_RANK`.
"""

from textual.binding import Binding, BindingType

from scratchnet.kinds import number_text
from scratchnet.settings import SETTING

ARROWS = "arrows move the probe, choose a neuron in the neuron view, or move in the diagram"
DIAGRAM_TAB = "Tab, shift+Tab in the diagram: the next, previous layer"
DIAGRAM_ENTER = "in the diagram: type the chosen weight or bias; on a feature, turn it on/off"
PAGES = "scroll the probe or the neuron view (its arrows move the probe, choose the neuron)"
ARROW_KEYS = {(0, -1): "up", (0, 1): "down", (-1, 0): "left", (1, 0): "right"}
DIAGRAM_KEYS = "↑↓←→⇥ move · +- nudge · ⏎ set · ,. [] resize · esc"
SHOW_NEURON = "draw the chosen neuron full size in the main picture"
GO_BACK = "stop a gradient check; back: the network's own picture, then the loss plot"
LADDER = SETTING["learning_rate"].ladder
LADDER_TEXT = f"{number_text(LADDER[0])} … {number_text(LADDER[-1])}"
SPEEDS = SETTING["speed"].ladder
SPEED_TEXT = f"{SETTING['speed'].text(SPEEDS[0])} … {SETTING['speed'].text(SPEEDS[-1])}"
# Keys of one idea share a tooltip, so that help lists them on one line: `j k  timeline: ...`.
SPEED = f"speed one rung down / up: {SPEED_TEXT}"
SCRUB_ONE = "timeline: one checkpoint back / forward"
SCRUB_TENTH = "timeline: a tenth of the run back / forward"
SCRUB_ENDS = "timeline: the run's start / now"
REPLAY = "replay the run from its start"

SEED = Binding.Group("Seed", compact=True)
RATE = Binding.Group("LR", compact=True)
NET = Binding.Group("Net", compact=True)
INSIDE = Binding.Group("Look", compact=True)
FILES = Binding.Group("File", compact=True)
# The key line's words, most used first: a narrow terminal shows them from the front of this
# list while they fit (in the table's order), and help lists every key. Help and quitting come
# first, so that at 80 columns the way to all the rest always shows; a word not listed comes
# last. `ALWAYS_SHOWN`: actions the key line shows by another key when a field takes theirs.
KEY_LINE_RANK = (
    "Help",
    "Quit",
    "Leave",
    "Pause",
    "Step",
    "Reset",
    "LR",
    "Data",
    "Act",
    "Net",
    "Panel",
    "Look",
    "URL",
    "Seed",
    "Test",
    "0/1",
    "File",
)
ALWAYS_SHOWN = ("help", "quit")
BINDINGS: list[BindingType] = [
    Binding("space", "toggle_pause", "Pause", tooltip="pause or resume training"),
    Binding("n", "step", "Step", tooltip="exactly one training step (pauses first)"),
    Binding("r", "reset", "Reset", tooltip="new weights from the seed: step 0, empty curve"),
    Binding("s", "seed(1)", "Seed+", tooltip="next seed, then reset", group=SEED),
    Binding("S", "seed(-1)", "Seed-", tooltip="previous seed, then reset", group=SEED),
    Binding(
        "plus,equals_sign",
        "climb_learning_rate(1)",
        "LR up",
        key_display="+",
        tooltip=f"learning rate one rung up, {LADDER_TEXT}; in the diagram: nudge w or b up",
        group=RATE,
    ),
    Binding(
        "minus",
        "climb_learning_rate(-1)",
        "LR down",
        key_display="-",
        tooltip="learning rate one rung down the same ladder; in the diagram: nudge down",
        group=RATE,
    ),
    Binding(
        "l", "type_learning_rate", "Type LR", tooltip="type an exact learning rate", group=RATE
    ),
    Binding("d", "next_dataset", "Data", tooltip="next dataset (the run's own list)"),
    Binding("a", "next_activation", "Act", tooltip="next hidden activation"),
    Binding(
        "left_square_bracket",
        "layers(-1)",
        "Layer-",
        key_display="[",
        tooltip="remove the last hidden layer",
        group=NET,
    ),
    Binding(
        "right_square_bracket",
        "layers(1)",
        "Layer+",
        key_display="]",
        tooltip="add a hidden layer as wide as the last (a Playground run's: of 2)",
        group=NET,
    ),
    Binding(
        "comma",
        "neurons(-1)",
        "Neuron-",
        key_display=",",
        tooltip="one neuron fewer in the last hidden layer",
        group=NET,
    ),
    Binding(
        "full_stop",
        "neurons(1)",
        "Neuron+",
        key_display=".",
        tooltip="one neuron more in the last hidden layer",
        group=NET,
    ),
    Binding("t", "toggle_test_points", "Test", tooltip="show or hide the test points"),
    Binding("x", "toggle_discrete", "0/1", tooltip="show the output in two colours only"),
    Binding(
        "c",
        "toggle_controls",
        "Panel",
        tooltip="show or hide every setting (Tab moves between them; ctrl+p searches them)",
    ),
    Binding("i", "toggle_neurons", "Neurons", tooltip="every neuron's own picture", group=INSIDE),
    Binding(
        "p",
        "toggle_probe",
        "Probe",
        tooltip="probe a point: forward and backward",
        group=INSIDE,
    ),
    Binding(
        "v",
        "toggle_diagram",
        "Diagram",
        tooltip="the network diagram: every neuron, every weight; edit them",
        group=INSIDE,
    ),
    Binding(
        "h",
        "toggle_health",
        "Health",
        tooltip="the run's health: each layer's saturated, dead, gradient, update/w over time",
        group=INSIDE,
    ),
    Binding(
        "g",
        "check_gradients",
        "Check",
        tooltip="check backprop numerically (g again: stop)",
        group=INSIDE,
    ),
    Binding("w", "save", "Save", tooltip="save the run to a JSON file", group=FILES),
    Binding("o", "open", "Open", tooltip="open a saved run and go on with it", group=FILES),
    Binding("e", "export", "Export", tooltip="export the losses as CSV", group=FILES),
    # The speed's and the timeline's keys are written on the timeline bar: the footer has no
    # room left for them.
    Binding(
        "less_than_sign",
        "climb_speed(-1)",
        "Slower",
        key_display="<",
        tooltip=SPEED,
        show=False,
    ),
    Binding(
        "greater_than_sign",
        "climb_speed(1)",
        "Faster",
        key_display=">",
        tooltip=SPEED,
        show=False,
    ),
    Binding("j", "scrub(-1)", "Back", tooltip=SCRUB_ONE, show=False),
    Binding("k", "scrub(1)", "Forward", tooltip=SCRUB_ONE, show=False),
    Binding("J", "scrub(-1, True)", "Back 1/10", tooltip=SCRUB_TENTH, show=False),
    Binding("K", "scrub(1, True)", "On 1/10", tooltip=SCRUB_TENTH, show=False),
    Binding("home", "scrub_to(False)", "Start", tooltip=SCRUB_ENDS, show=False),
    Binding("end", "scrub_to(True)", "Now", tooltip=SCRUB_ENDS, show=False),
    Binding("R", "replay", "Replay", tooltip=REPLAY, show=False),
    # Arrows, Enter and Esc work while the probe or the neuron view is open: they are listed
    # on that panel's frame and in help; the footer has no room left for them.
    Binding("up", "move(0,-1)", "Up", key_display="↑", tooltip=ARROWS, show=False),
    Binding("down", "move(0,1)", "Down", key_display="↓", tooltip=ARROWS, show=False),
    Binding("left", "move(-1,0)", "Left", key_display="←", tooltip=ARROWS, show=False),
    Binding("right", "move(1,0)", "Right", key_display="→", tooltip=ARROWS, show=False),
    Binding("pageup", "scroll_pane(-1)", "Page up", key_display="PgUp", tooltip=PAGES, show=False),
    Binding(
        "pagedown", "scroll_pane(1)", "Page down", key_display="PgDn", tooltip=PAGES, show=False
    ),
    Binding("enter", "show_neuron", "Show", tooltip=SHOW_NEURON, show=False),
    Binding("enter", "edit_value", "Set", tooltip=DIAGRAM_ENTER, show=False),
    # Tab moves between the settings panel's fields, except in the diagram with no field
    # focused: there the screen's own Tab (focus_next) stands aside (see check_action). Not a
    # priority binding: keys in one burst keep their order (`v` then Tab moves in the diagram).
    Binding(
        "tab",
        "diagram_move('tab')",
        "Next",
        key_display="⇥",
        tooltip=DIAGRAM_TAB,
        show=False,
    ),
    Binding(
        "shift+tab",
        "diagram_move('shift+tab')",
        "Previous",
        key_display="⇧⇥",
        tooltip=DIAGRAM_TAB,
        show=False,
    ),
    # While a field of the settings panel has the focus, the keys it takes for itself (every
    # letter in a text field, space in a list) do not act: Esc leaves the fields (before it goes
    # back in the pane: the first of a key's bindings that acts now is the one it runs).
    Binding(
        "escape",
        "leave_panel",
        "Leave",
        key_display="esc",
        tooltip="leave the settings panel's fields: every key acts on the run again",
    ),
    Binding("escape", "go_back", "Back", tooltip=GO_BACK, show=False),
    Binding(
        "u",
        "copy_url",
        "URL",
        tooltip="show the Playground URL of this run, to copy: it opens in a browser",
    ),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
    Binding("f1", "help", "Help", tooltip="this help", show=False),
    Binding("q", "quit", "Quit", tooltip="quit at once, even mid-training (ctrl+c too)"),
    Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    Binding(
        "ctrl+z",
        "suspend_process",
        "Suspend",
        tooltip="suspend to the shell, training too (fg brings it back)",
        show=False,
    ),
]
