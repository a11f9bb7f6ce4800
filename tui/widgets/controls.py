"""The controls panel: every setting of the run, in TensorFlow Playground's order.

`c` shows and hides it; Tab moves between controls, and the focused one's title is marked `▶`,
so it reads without colour (a background a shade lighter does not, at 16 colours or none).
Lists apply a choice at once; typed values apply on Enter, checked like the command line, and a
refused value says why and changes nothing.
The panel shows what the run really uses: after every snapshot it takes the settings back from
the worker (without sending them again).
"""

import asyncio

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Checkbox, Input, Label, Select, Static

from scratchnet.features import FEATURES, LABELS
from scratchnet.run import Settings
from scratchnet.settings import Setting
from tui.snapshot import Snapshot
from tui.widgets.feature_box import FeatureBox
from tui.widgets.steady_select import SteadySelect

FOCUS_MARK = "▶ "  # before the title of the setting whose control has the focus


class ControlsPanel(VerticalScroll):
    """A form of all settings; posts `ControlsPanel.Changed` when the person changes one."""

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)

    class Changed(Message):
        """The person changed a setting to a valid value."""

        def __init__(self, field: str, value: object) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Settings | None = None
        self._table: tuple[Setting, ...] = ()  # the settings table of the run the form shows
        self._built = False
        self._focus_when_built = False
        self._wanted = False  # asked for before the first frame: made when it comes
        self._form_mounted = asyncio.Event()
        self._titles: dict[str, str] = {}  # each setting's title, to mark the focused one

    def build(self) -> None:
        """Make the form, the first time the panel opens: forty widgets nobody may ever need
        would slow the app's start. Before the first frame there is no run to show: the form
        is made when it comes."""
        if self._built:
            return
        self._wanted = True
        if self.snapshot is None:
            return
        self._built = True
        self.call_later(self._mount_form, self.snapshot)

    async def _mount_form(self, snapshot: Snapshot) -> None:
        """Mount the form, then show the run as it is by then and take the keyboard if asked.

        Until every control is mounted (a Select's parts included), new snapshots wait: setting
        a value on a control still mounting fails inside Textual.
        """
        with self.prevent(Select.Changed, Checkbox.Changed, Input.Changed):
            await self.mount_all(self._form(snapshot))  # no "change" from filling the form in
        self._form_mounted.set()
        self._shown, self._table = snapshot.config, snapshot.table
        self.watch_snapshot(self.snapshot)
        if self._focus_when_built:
            self._focus_when_built = False
            # Not if the panel was closed while its form was built (`cc` in one burst): the
            # keyboard stays with the app, not a field nobody sees (space opened its list).
            if self.display:
                self.query(Select).first().focus()

    async def _remount_form(self, snapshot: Snapshot) -> None:
        """The form of another kind of run (a Playground run opened over the tutorial's)."""
        await self.remove_children()
        await self._mount_form(snapshot)

    def _form(self, snapshot: Snapshot) -> ComposeResult:
        config = snapshot.config
        for setting in snapshot.table:
            title = setting.label + (f" ({setting.unit})" if setting.unit else "")
            self._titles[setting.name] = title
            label = Label(title, id=f"label-{setting.name}", markup=False)
            # A setting the dataset does not use is hidden (see `_show_used`).
            label.display = setting.applies(snapshot.dataset)
            yield label
            value = getattr(config, setting.name)
            text = setting.text(value)
            if setting.name == "features":
                for name in FEATURES:
                    yield FeatureBox(
                        LABELS.get(name, name),
                        name in value,
                        id=f"feature-{name}",
                        classes="feature",
                    )
            elif setting.choices:
                select = SteadySelect(
                    _options(setting, text),
                    value=text,
                    allow_blank=False,
                    id=setting.name,
                    compact=True,
                )
                select.display = label.display
                yield select
            else:
                field = Input(text, id=setting.name, placeholder="Enter applies", compact=True)
                field.display = label.display
                yield field
        yield Label("Run it again with", classes="section")
        yield Static(Text(snapshot.repeat), id="command-line")

    async def settled(self) -> None:
        """Return once the form is mounted, if it is being mounted: the app waits for this
        before it ends, as a Select still mounting when the app closes fails inside Textual
        (`c` then `q` in one burst printed its errors on the way out)."""
        if self._built:
            await self._form_mounted.wait()

    def focus_first(self) -> None:
        """Put the keyboard in the first control, so Tab walks on from there."""
        if self._shown is None:  # not mounted yet: focus when it is
            self._focus_when_built = True
            self.build()
        else:
            self.query(Select).first().focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark(event.widget.id, True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._mark(event.widget.id, False)

    def _mark(self, control: str | None, focused: bool) -> None:
        """Mark the title of the setting whose control has the focus (a feature's box: the
        features'); bold, and `▶`, as colour alone does not read on every terminal."""
        name = "features" if control and control.startswith("feature-") else control
        if name not in self._titles:
            return  # a part of a control (a list's menu): its setting is marked already
        label = self.query_one(f"#label-{name}", Label)
        label.update(Text(FOCUS_MARK + self._titles[name] if focused else self._titles[name]))
        label.set_class(focused, "-focused")

    # -- from the worker to the form ---------------------------------------------------------

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if self._wanted and not self._built:
            self.build()
        if self._shown is None or snapshot is None or snapshot.config == self._shown:
            return
        if snapshot.table is not self._table:  # a run of the other kind: its own form
            self._shown = None
            self._form_mounted.clear()
            self.call_later(self._remount_form, snapshot)
            return
        self._shown = config = snapshot.config
        with self.prevent(Select.Changed, Checkbox.Changed, Input.Changed):
            for setting in snapshot.table:
                self._show(setting, getattr(config, setting.name))
        self._show_used(snapshot)
        self.query_one("#command-line", Static).update(Text(snapshot.repeat))

    def _show_used(self, snapshot: Snapshot) -> None:
        """Show only the settings the run's dataset uses: the grid has no noise, xor no density."""
        for setting in snapshot.table:
            used = setting.applies(snapshot.dataset)
            self.query_one(f"#label-{setting.name}", Label).display = used
            if setting.name != "features":
                self.query_one(f"#{setting.name}").display = used
            if not used:
                for error in self.query(f"#error-{setting.name}"):
                    error.display = False

    def _show(self, setting: Setting, value: object) -> None:
        if setting.name == "features":
            assert isinstance(value, tuple)
            for name in FEATURES:
                self.query_one(f"#feature-{name}", Checkbox).value = name in value
            return
        text = setting.text(value)
        if setting.choices:
            select: Select[str] = self.query_one(f"#{setting.name}", Select)
            if text not in setting.choices:  # a value typed on the command line: offer it too
                select.set_options(_options(setting, text))
            select.value = text
        else:
            field = self.query_one(f"#{setting.name}", Input)
            if not field.has_focus:
                field.value = text

    # -- from the form to the worker ---------------------------------------------------------

    @on(Select.Changed)
    def _choice_made(self, event: Select.Changed) -> None:
        if event.select.id and isinstance(event.value, str):
            self._apply(event.select.id, event.value)

    @on(Input.Submitted)
    def _value_typed(self, event: Input.Submitted) -> None:
        if event.input.id:
            self._apply(event.input.id, event.value)

    @on(Input.Blurred)
    def _typing_abandoned(self, event: Input.Blurred) -> None:
        """Leaving a field without Enter puts back the value the run uses."""
        snapshot = self.snapshot
        field = event.input.id
        if snapshot is not None and field:
            value = getattr(snapshot.config, field)
            event.input.value = snapshot.setting(field).text(value)

    @on(Checkbox.Changed, ".feature")
    def _feature_toggled(self, event: Checkbox.Changed) -> None:
        chosen = [name for name in FEATURES if self.query_one(f"#feature-{name}", Checkbox).value]
        if not chosen:
            self._error("features", "keep at least one feature: the network needs an input")
            with self.prevent(Checkbox.Changed):
                event.checkbox.value = True
            return
        self._apply("features", ",".join(chosen))

    def _apply(self, field: str, text: str) -> None:
        """Check typed or chosen text; a good value different from the run's is sent on."""
        if self._shown is None:
            return  # the form is still filling in: these are not the person's changes
        try:
            value = self._setting(field).parse(text)
        except ValueError as error:
            self._error(field, str(error))
            return
        self._error(field, "")
        if value != getattr(self._shown, field):
            self.post_message(self.Changed(field, value))

    def _setting(self, name: str) -> Setting:
        return next(setting for setting in self._table if setting.name == name)

    def _error(self, field: str, reason: str) -> None:
        """Say under a setting's control why its value was refused, or clear it ("").

        The line is made the first time a value is refused: most settings never are, and a
        line kept hidden in each would be thirteen widgets more."""
        if shown := self.query(f"#error-{field}"):
            label = shown.first(Label)
            label.update(Text(reason))  # plain text: the reason may quote what was typed
            label.display = bool(reason)
        elif reason:
            label = Label(Text(reason), id=f"error-{field}", classes="error")
            label.display = True  # error lines are hidden by the style sheet until then
            last = f"#feature-{list(FEATURES)[-1]}" if field == "features" else f"#{field}"
            self.mount(label, after=self.query_one(last))


def _options(setting: Setting, text: str) -> list[tuple[str, str]]:
    """A list's (label, value) pairs: its choices, and the run's value if it is not one."""
    choices = sorted({*setting.choices, text}, key=_order)
    return [(setting.choice_label(choice), choice) for choice in choices]


def _order(choice: str) -> tuple[int, float | str]:
    """Numbers in numeric order, words after them."""
    try:
        return (0, float(choice))
    except ValueError:
        return (1, choice)
