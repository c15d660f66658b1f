"""Process-wide tuning, applied once when the app or the command line starts.

The garbage collector. Reading a region's answers, or a national comparison's kept results,
builds tens of thousands of small models; with Python's default threshold (a young-generation
collection every 700 new container objects) the collector's repeated passes took 40-75% on
top of the work itself (measured: ``benchmarks/README.md``). The code used to pause the
collector around those reads, which paused it for every other session of the server too.
Instead the young-generation threshold is raised once, at start-up, for the whole process:
nothing is ever paused or switched off, cycles are still collected for everyone, a little
later (after 10,000 new objects rather than 700), and nearly all of the time is saved.
"""

from __future__ import annotations

import gc

#: New container objects between two young-generation collections (Python's default: 700).
GEN0_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Raise the young-generation threshold to :data:`GEN0_THRESHOLD` (never lowers it)."""
    young, middle, old = gc.get_threshold()
    if young < GEN0_THRESHOLD:
        gc.set_threshold(GEN0_THRESHOLD, middle, old)
