"""The pebble process pools kaohe reads and renders in, all started one way.

Each worker is forked where the system can (its memory limit, log and signal handling set by
``pipeline.worker.start_worker``), spawned where it cannot. pebble's threads look at their pool
every tenth of a second (``pebble.common.CONSTS.sleep_unit``), so closing a pool whose last
task is done waited up to that long, a tenth of a second of every run with a pool. They look
every ``TICK`` here, except while more files wait than there are workers (``busy``): looking
every 10 ms costs the main process 25 ms of CPU a second, taken from the workers when they use
every core, and is needed only at the end.
"""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

from pipeline.worker import start_worker

if TYPE_CHECKING:
    from pebble import ProcessPool

#: How often pebble's threads look at their pool (seconds): as its last tasks run, and before.
TICK = 0.01
BUSY_TICK = 0.1


def forks() -> bool:
    """Whether workers are forked here (not on Windows, nor where only spawning is offered); a
    lone file's child too (``pipeline.lone.available``)."""
    return "fork" in multiprocessing.get_all_start_methods()


def busy(waiting: bool) -> None:
    """Have pebble's threads look at the pool every ``BUSY_TICK`` while tasks are ``waiting`` for a
    worker, every ``TICK`` once none is (a thread asleep sees the change when it wakes)."""
    from pebble.common.types import CONSTS

    CONSTS.sleep_unit = BUSY_TICK if waiting else TICK  # the one object every pebble module reads it from


def new_pool(workers: int, max_memory: int) -> ProcessPool:
    """A pool of ``workers`` processes, each capped at ``max_memory`` bytes (0: no cap)."""
    from pebble import ProcessPool

    busy(False)
    return ProcessPool(
        max_workers=max(1, workers), initializer=start_worker, initargs=(max_memory,),
        context=multiprocessing.get_context("fork" if forks() else None),
    )
