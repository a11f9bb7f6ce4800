"""A short soak of the installed app: random keys from every binding, in a real pty (issue 11).

benchmarks/soak.py runs the same for minutes and prints the figures; this short version keeps
the suite quick (3 seconds of keys after a 5-second warm-up that builds every panel once), so
its memory bound is loose: it catches a gross leak, a crash or a traceback, and leaves
measuring growth to the benchmark.
"""

from harness.soak import soak, soak_keys
from tests.conftest import installed_command
from tui.app import ScratchnetApp

SECONDS = 3
BOUND_MB = 12


def test_random_keys_from_every_binding_neither_crash_nor_leak() -> None:
    keys = soak_keys([b for b in ScratchnetApp.BINDINGS if not isinstance(b, tuple)])
    assert "q" not in keys and "\x1b" in keys and "p" in keys
    result = soak(
        [installed_command("scratchnet-tui")], SECONDS, keys=keys, sample_every=SECONDS, warm_up=5
    )
    assert result.crashes == 0 and result.tracebacks == 0, result.last_screen
    assert result.keys_sent > 100
    assert result.growth_mb <= BOUND_MB, result.samples
