"""`python -m tui` is the same as the `scratchnet-tui` command (textual-serve starts it so)."""

from tui.cli import main

raise SystemExit(main())
