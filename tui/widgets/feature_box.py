"""A feature's checkbox in the settings panel whose state reads without colour.

Textual's checkbox draws `▐X▌` on and off alike, only its colour differs: invisible at 16
colours and under NO_COLOR. Here it is `[x]` or `[ ]`, the way a form on paper says it, and
the focused box is marked `◀`, its title `▶` (see `ControlsPanel`): both read in any terminal.
"""

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox


class FeatureBox(Checkbox):
    """A checkbox drawn `[x]` when on and `[ ]` when off, marked `◀` while it has the focus."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[", style), ("x" if self.value else " ", style), ("]", style))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return super().get_content_width(container, viewport) + 1  # room for the `◀`

    def render(self) -> Content:
        content = super().render()
        return Content.assemble(content, "◀") if self.has_focus else content
