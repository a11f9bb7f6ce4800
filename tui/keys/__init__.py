"""What the keys do: the key table, the actions, the right-hand pane's keys, the palette.

- `bindings.py`: the key table, every key once, with the words help and the key line show;
- `actions.py`: the keys' actions, each one command for the worker, and the file dialogs;
- `pane.py`: the right-hand pane (loss plot, neurons, probe, diagram), and which keys act now;
- `diagram_keys.py`: what the layer keys mean while the diagram is open;
- `command_palette.py`: every setting in the command palette (ctrl+p).
"""
