"""The right-hand pane: the loss plot, or a look inside (neurons, probe, diagram, health), and
what the arrows, Enter and Esc do there; and which keys act now.

The app starts with the loss plot alone on the right: each look inside is made the first time it
opens (`AppState.view`), so the first frame lays out and paints only what it shows.

`i`, `p`, `v` and `h` put a view on the right and ask the worker for its frames; opening another, or
Esc, takes it away again and tells the worker to stop making them. While one is open the arrows
move in it, Enter acts on what they chose, and Esc goes back: out of a gradient check first,
then from a neuron drawn full size, then to the loss plot. `check_action` says which keys act
now, so that the key line and help show those, and the others do nothing.
"""

from dataclasses import replace

from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher

from tui.app_state import VIEWS, AppState
from tui.keys.bindings import ARROW_KEYS
from tui.session import commands
from tui.snapshot import Snapshot
from tui.widgets.controls import ControlsPanel
from tui.widgets.diagnosis_line import DiagnosisLine
from tui.widgets.prediction_grid import PredictionGrid


class SidePane(AppState):
    """The right-hand pane's keys (a part of `ScratchnetApp`)."""

    # Whether a neuron is drawn full size, as the keys last asked or the worker last changed
    # it: a second Esc in the same burst must close the view, though no frame has yet said
    # that the first one put the network's picture back.
    neuron_shown = False

    def _show_side(self, name: str) -> None:
        """Put the loss plot, or a view (neurons, probe, diagram, health), on the right."""
        previous = self.side
        if name in VIEWS:
            self.view(name)
        self.query_one(ContentSwitcher).current = name
        if previous == "neurons" and name != "neurons":
            self.send(commands.SetNeuronView(False))
        if previous == "probe" and name != "probe":
            self.query_one(PredictionGrid).cursor = None
            self.send(commands.SetProbe(None))
        if previous == "diagram" and name != "diagram":
            self.send(commands.SetDiagramView(False))
        self.query_one("#side").set_class(name == "diagram", "-diagram")
        self.query_one(DiagnosisLine).view = name  # its cure's keys, as they act in the view
        self.refresh_bindings()

    def action_toggle_neurons(self) -> None:
        if self.side == "neurons":
            self._show_side("loss")
            return
        self._show_side("neurons")
        self.send(commands.SetNeuronView(True))

    def action_toggle_diagram(self) -> None:
        if self.side == "diagram":
            self._show_side("loss")
            return
        self._show_side("diagram")
        self.diagram().chosen()  # a cursor from the start: edits go there
        self.send(commands.SetDiagramView(True))

    def action_toggle_health(self) -> None:
        """`h`: the run's health over time; the worker measures it anyway, so nothing to ask."""
        self._show_side("loss" if self.side == "health" else "health")

    def action_diagram_move(self, key: str) -> None:
        self.diagram().move_cursor(key)

    def action_edit_value(self) -> None:
        """Enter in the diagram: a feature is turned on or off; a weight or bias is typed."""
        # The diagram's and the dialog's code, imported once the diagram is open (`view`): the
        # first frame needs neither.
        from tui.drawing.diagram import describe
        from tui.keys.diagram_keys import is_input, parameter_value
        from tui.screens.input_dialog import InputDialog

        diagram = self.diagram()
        cursor = diagram.chosen()
        frame = diagram.frame
        if frame is None:
            return
        if is_input(cursor):
            self.send(commands.ToggleFeature(frame.features[cursor.index]))
            return

        def apply(value: float | None) -> None:
            if value is not None:
                self.send(commands.SetParameter(cursor, value))

        now = describe(replace(frame, cursor=cursor))
        dialog = InputDialog(f"Set {now}", parameter_value, placeholder="e.g. 0.5, -2, 1e-3")
        self.push_screen(dialog, apply)

    def action_toggle_probe(self) -> None:
        if self.side == "probe":
            self._show_side("loss")
            return
        self._show_side("probe")
        grid = self.query_one(PredictionGrid)
        grid.cursor = grid.clamp((grid.layout_.columns // 2, grid.layout_.rows // 2))
        self._probe_cursor()

    def _probe_cursor(self) -> None:
        """Probe the training point drawn in the cursor's cell, or else the cell's centre."""
        grid = self.query_one(PredictionGrid)
        if grid.cursor is None:
            return
        points = self.snapshot.points if self.snapshot else ()
        here = [(x, y) for x, y, _ in points if grid.cell_of(x, y) == grid.cursor]
        self.send(commands.SetProbe(here[-1] if here else grid.cell_centre(grid.cursor)))

    def action_move(self, columns: int, rows: int) -> None:
        if self.side == "probe":
            grid = self.query_one(PredictionGrid)
            if grid.cursor is not None:
                column, row = grid.cursor
                grid.cursor = grid.clamp((column + columns, row + rows))
                self._probe_cursor()
        elif self.side == "neurons":
            self.neuron_view().move(columns, rows)
        elif self.side == "diagram":
            self.diagram().move_cursor(ARROW_KEYS[columns, rows])

    def action_scroll_pane(self, direction: int) -> None:
        """PgUp, PgDn: a page of the probe or the neuron view, taller than the pane at 80x24
        (the arrows there move the probe, or choose a neuron)."""
        if self.side in ("probe", "neurons"):
            pane = self.query_one(f"#{self.side}", VerticalScroll)
            if direction > 0:
                pane.scroll_page_down(animate=False)
            else:
                pane.scroll_page_up(animate=False)

    def action_show_neuron(self) -> None:
        if self.side == "neurons":
            self.send(commands.ShowNeuron(self.neuron_view().selected))
            self.neuron_shown = True

    @property
    def checking(self) -> bool:
        """A gradient check is in progress, as the screen shows it."""
        return self.snapshot is not None and self.snapshot.gradient_check is not None

    def action_go_back(self) -> None:
        if self.checking:
            self.send(commands.StopGradientCheck())
        elif self.neuron_shown:
            self.send(commands.ShowNeuron(None))
            self.neuron_shown = False
        elif self.side != "loss":
            self._show_side("loss")

    def _in_panel(self) -> bool:
        """A field of the settings panel has the focus (it may take keys for itself)."""
        panel = self.query_one(ControlsPanel)
        return bool(panel.display and panel.has_focus_within)

    def action_leave_panel(self) -> None:
        """Esc in the settings panel: its fields let go of the keyboard; the panel stays."""
        self.set_focus(None)

    def _tab_moves_in_diagram(self) -> bool:
        """Tab moves the diagram's cursor when the diagram is open and no field of the
        settings panel has the focus; otherwise it moves between the fields."""
        return self.side == "diagram" and not self._in_panel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Arrows, Enter and Esc only mean something with the probe, the neuron view or the
        diagram open; Tab moves in the diagram only when no field of the panel has the focus;
        Esc leaves the panel's fields when one has it."""
        if action == "move":
            return self.side in ("probe", "neurons", "diagram")
        if action == "scroll_pane":
            return self.side in ("probe", "neurons")
        if action == "show_neuron":
            return self.side == "neurons"
        if action == "edit_value":
            return self.side == "diagram"
        if action == "diagram_move":
            return self._tab_moves_in_diagram()
        if action in ("focus_next", "focus_previous"):  # the screen's Tab, unless the diagram's
            return not self._tab_moves_in_diagram()
        if action == "go_back":
            return self.checking or self.neuron_shown or self.side != "loss"
        if action == "leave_panel":
            return self._in_panel()
        if action == "copy_url":  # a run with a URL (a Playground run's) only
            return self.snapshot is not None and self.snapshot.url is not None
        return True

    def pane_follows(self, before: Snapshot | None, snapshot: Snapshot) -> None:
        """A new frame: the diagram's, to the diagram if it is open; the picture's title says
        which neuron it draws, if not the network's output."""
        if snapshot.diagram is not None and self.side == "diagram":
            diagram = self.diagram()
            if diagram.frame is not snapshot.diagram:
                diagram.frame = snapshot.diagram
        if before is None or before.shown_neuron != snapshot.shown_neuron:
            self.neuron_shown = snapshot.shown_neuron is not None
            grid = self.query_one(PredictionGrid)
            if snapshot.shown_neuron is None:
                grid.border_title = "prediction f(x, y)"
            else:
                layer, index = snapshot.shown_neuron
                grid.border_title = f"neuron {layer + 1}.{index + 1} output (Esc: the network's)"
