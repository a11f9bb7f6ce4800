"""Drawing that needs no Textual: what the screen shows, worked out as numbers and Rich styles.

- `colours.py`: TensorFlow Playground's colour scale, quantised to levels, and the shades each
  terminal can show (256 colours, 16, none);
- `levels.py`: numbers as colour levels that keep still from frame to frame;
- `axis.py`: the loss plot's round ticks; `numbers.py`: any number in a few characters;
- `diagram_layout.py`, `diagram.py`: the network diagram laid out and drawn cell by cell;
  `diagram_cursor.py`: its cursor; `diagram_frame.py`: its frame, made from a run;
- `gradient_text.py`: a gradient check's report in a few lines.

The worker uses some of these too (a frame's levels and costs), so none of them imports Textual.
"""
