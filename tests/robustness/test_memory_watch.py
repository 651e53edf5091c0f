"""The worker's memory watch (``pipeline.memory_watch``) looks often only where a death could be
for want of memory: past half the limit."""

from __future__ import annotations

from pipeline import memory_watch


def test_the_memory_watch_looks_often_only_near_the_limit() -> None:
    gib = 1 << 30
    assert memory_watch.interval(gib // 4, 2 * gib) == memory_watch.FAR_INTERVAL_SECONDS
    assert memory_watch.interval(gib, 2 * gib) == memory_watch.INTERVAL_SECONDS, "from half the limit on"
    assert memory_watch.interval(None, 2 * gib) == memory_watch.FAR_INTERVAL_SECONDS
    assert memory_watch.interval(3 * gib, 0) == memory_watch.FAR_INTERVAL_SECONDS, "no limit to come near"
