"""The soak of issue 11 in the suite: 30 seconds of random keys from every binding, to the
installed app in a real pty, after a 5-second warm-up that builds every panel once.

benchmarks/soak.py runs the same for 10 minutes and prints the figures. Here the app (and the
soak's reading of its screen) runs only on CPU that nothing else wants (SCHED_IDLE): the
suite's other tests run beside it on the same 2 cores, and the soak takes only what they
leave. It is the first test to start (see conftest.py), and ends well before the others. The
bound is the 10-minute target itself: a leak like the footer's (about 0.5 MB for each panel
opened or closed, some 60 of them here) goes far over it.
"""

from harness.soak import soak, soak_keys
from tests.conftest import installed_command
from tui.app import ScratchnetApp

SECONDS = 30
BOUND_MB = 20


def test_random_keys_from_every_binding_neither_crash_nor_leak() -> None:
    keys = soak_keys([b for b in ScratchnetApp.BINDINGS if not isinstance(b, tuple)])
    assert "q" not in keys and "\x1b" in keys and "p" in keys
    result = soak(
        [installed_command("scratchnet-tui"), "--fps", "4"],
        SECONDS,
        keys=keys,
        sample_every=SECONDS,
        warm_up=5,
        idle=True,
    )
    assert result.crashes == 0 and result.tracebacks == 0, result.last_screen
    assert result.keys_sent > 100  # fewer than asked when the suite leaves it little CPU
    assert result.growth_mb <= BOUND_MB, result.samples
