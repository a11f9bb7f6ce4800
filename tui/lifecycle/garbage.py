"""Python's garbage collector, held off while the app starts.

Starting imports Textual and the app and builds the screen: a few hundred thousand objects,
nearly all of which live as long as the app. Python's collector, counting new objects, stops
every few hundred of them to look for unreachable cycles among the young ones, and now and then
through all of them (25 ms each on a busy 2-core machine): some 60 ms of a first frame of about
700, which find nothing to free.

So `scratchnet-tui` holds the collector off as it starts (`hold`), and the app lets it run again
once its first frame is on screen (`resume`), after moving what the start made out of its sight
(`gc.freeze`): those objects are still freed when nothing refers to them, only never looked
through again, which also shortens every full collection after.
"""

import gc


def hold() -> None:
    """No collections until `resume`: called once, just before the app is imported."""
    gc.disable()


def resume() -> None:
    """Collect again, among the objects made from now on. Does nothing if nothing was held off
    (an app started by a test, not by `scratchnet-tui`)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()
