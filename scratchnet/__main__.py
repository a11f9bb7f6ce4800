"""`python -m scratchnet` is the same as the `scratchnet` command."""

from scratchnet.cli import main

raise SystemExit(main())
