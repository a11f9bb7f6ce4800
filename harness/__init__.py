"""Drivers shared by the tests, the benchmarks and the scripts: Pilot helpers, a pty, a soak,
the servers."""

# How long a test waits for something before it counts as a failure. Only a ceiling, for a
# machine busy with other work (the suite must pass with two CPU hogs beside it): every wait
# returns as soon as its condition holds, so a working app never comes near it.
PATIENCE = 60.0
