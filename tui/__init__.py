"""scratchnet-tui: watch the network learn, live, in any terminal.

The app only shows and steers; every number comes from the plain `scratchnet` package, driven
by `tui.session` in a worker thread.
"""
