"""Empty Textual's and Rich's global caches now and then, so a long session's memory stays flat.

Textual and Rich remember what they worked out before, in caches shared by the whole process
(`functools.lru_cache`): a line cut into two cells, a style's escape codes, a region's overlap
with another, a string's width. Each cache is bounded, but the bounds are made for any app: 52
caches, up to 16,384 entries each. A session that keeps changing what it shows (new layouts,
new colours on the picture, new text typed into a dialog) adds entries until they are all
full: that was most of the 22-26 MB the app grew in a 10-minute soak of random keys
(`benchmarks/soak.py`), which now grows about 11 MB, flat after its first minutes.

So the app empties them every SWEEP_SECONDS, which takes about 6 ms. Nothing is lost: the
next frames work out again what they need (a full repaint measured no slower), and the caches
fill again only with what is still in use. The widgets' own caches (a widget's lines, a
strip's crops) are bounded by what each widget shows, and are left alone.
"""

import sys
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeGuard

SWEEP_SECONDS = 30.0
LIBRARIES = ("textual", "rich")


class Cache(Protocol):
    """A function wrapped by `functools.lru_cache` (or `functools.cache`)."""

    def cache_clear(self) -> None: ...


def library_caches(libraries: tuple[str, ...] = LIBRARIES) -> list[Cache]:
    """Every cached function of these libraries' modules imported so far, each once.

    Found anew each time, since a module may be imported late (the first dialog imports
    Textual's Input): looking through the few hundred modules takes about 7 ms.
    """
    found: dict[int, Cache] = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in libraries or module is None:
            continue
        for cached in _cached_functions(vars(module).values()):
            found.setdefault(id(cached), cached)
    return list(found.values())


def _cached_functions(values: Iterable[object]) -> Iterator[Cache]:
    """The cached functions among a module's names, and among the methods of its classes."""
    for value in values:
        if isinstance(value, type):
            for member in list(vars(value).values()):
                member = getattr(member, "__func__", member)  # a classmethod's function
                if _is_cache(member):
                    yield member
        elif _is_cache(value):
            yield value


def _is_cache(value: object) -> TypeGuard[Cache]:
    return callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info")


def sweep() -> int:
    """Empty every cache `library_caches()` finds; returns how many."""
    emptied = library_caches()
    for cache in emptied:
        cache.cache_clear()
    return len(emptied)
