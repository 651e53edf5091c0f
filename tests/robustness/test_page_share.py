"""One file's pages read by the reader and by helpers forked from it (``pipeline.page_share``):
every page once, in order, whatever a helper does; a failure is the first failing page's, as
without helpers; no helper is left behind, not even by a reader that is killed."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from parsers import pdf
from pipeline import page_share
from pipeline.batch import lone_helpers
from pipeline.options import default_workers

pytestmark = pytest.mark.skipif(not page_share.available(), reason="helpers are forked on Linux only")

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
PAGES = 24


def _page(index: int) -> tuple[int, int]:
    """A page as the fake reader reads it: its index, and which process read it."""
    time.sleep(0.02)  # long enough that the helper takes some of the pages
    return index, os.getpid()


def _reopen(read: Callable[[int], object]) -> Callable[[], contextlib.AbstractContextManager[Callable[[int], object]]]:
    @contextlib.contextmanager
    def opened() -> Iterator[Callable[[int], object]]:
        yield read

    return opened


def _children() -> set[int]:
    """This process's children, those that ended and were not reaped among them."""
    me = os.getpid()
    return {int(pid) for pid in Path(f"/proc/{me}/task/{me}/children").read_text().split()}


@pytest.fixture(autouse=True)
def _no_child_left() -> Iterator[None]:
    before = _children()
    yield
    assert _children() <= before, "a helper was left behind"


def test_every_page_once_in_order_some_of_them_read_by_a_helper() -> None:
    with page_share.sharing(1):
        pages = page_share.read_pages(PAGES, _page, _reopen(_page))
    assert [index for index, _ in pages] == list(range(PAGES))
    readers = {pid for _, pid in pages}
    assert os.getpid() in readers and len(readers) == 2, "the reader and its helper each read pages"
    assert page_share.helpers_peak() > 0, "the helper's peak memory is known"


def test_no_helper_outside_sharing_nor_for_a_short_file() -> None:
    assert {pid for _, pid in page_share.read_pages(PAGES, _page, _reopen(_page))} == {os.getpid()}
    with page_share.sharing(1):
        short = page_share.read_pages(page_share.MIN_PAGES - 1, _page, _reopen(_page))
    assert {pid for _, pid in short} == {os.getpid()}
    with page_share.sharing(0):
        assert {pid for _, pid in page_share.read_pages(PAGES, _page, _reopen(_page))} == {os.getpid()}


@pytest.mark.parametrize("how", ["dies", "raises", "cannot_open"])
def test_pages_a_helper_does_not_hand_back_are_read_by_the_reader(how: str) -> None:
    def helpers_page(index: int) -> tuple[int, int]:
        if index >= 2:
            if how == "dies":
                os._exit(3)
            raise ValueError(f"page {index}")
        return _page(index)

    @contextlib.contextmanager
    def cannot_open() -> Iterator[Callable[[int], object]]:
        raise OSError("gone")
        yield  # pragma: no cover

    reopen = cannot_open if how == "cannot_open" else _reopen(helpers_page)
    with page_share.sharing(1):
        pages = page_share.read_pages(PAGES, _page, reopen)
    assert [index for index, _ in pages] == list(range(PAGES))
    assert all(pid == os.getpid() for index, pid in pages if index >= 2), "only the reader read those"


class PageError(Exception):
    pass


@pytest.mark.parametrize("helpers", [0, 1, 3])
def test_the_error_is_the_first_failing_pages_as_without_helpers(helpers: int) -> None:
    def failing(index: int) -> tuple[int, int]:
        if index in (5, 9, 17):
            raise PageError(index)
        return _page(index)

    with page_share.sharing(helpers), pytest.raises(PageError) as raised:
        page_share.read_pages(PAGES, failing, _reopen(failing))
    assert raised.value.args == (5,)


def test_the_reader_out_of_memory_stops_its_helpers_at_once() -> None:
    def helpers_page(index: int) -> tuple[int, int]:
        time.sleep(30)  # a helper still at work when the reader gives up
        return index, os.getpid()

    def readers_page(index: int) -> tuple[int, int]:
        raise MemoryError

    started = time.perf_counter()
    with page_share.sharing(2), pytest.raises(MemoryError):
        page_share.read_pages(PAGES, readers_page, _reopen(helpers_page))
    assert time.perf_counter() - started < 10


def _read_forever(pids: Path) -> None:
    """In a reader killed by the test: helpers that note their process ids and never finish."""
    def helpers_page(index: int) -> tuple[int, int]:
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        time.sleep(120)
        return index, os.getpid()

    def readers_page(index: int) -> tuple[int, int]:
        time.sleep(120)
        return index, os.getpid()

    with page_share.sharing(2):
        page_share.read_pages(PAGES, readers_page, _reopen(helpers_page))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_helpers_die_with_a_reader_that_is_killed(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    reader = multiprocessing.get_context("fork").Process(target=_read_forever, args=(pids,))
    reader.start()
    deadline = time.monotonic() + 20
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    helpers = [int(pid) for pid in pids.read_text().split()]
    assert len(helpers) == 2 and all(_alive(pid) for pid in helpers)
    os.kill(reader.pid or 0, signal.SIGKILL)  # as the batch stops a reader past its time limit
    reader.join()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers), "a helper outlived its reader"


@pytest.mark.parametrize("name", ["110_hsinchu.pdf", "111_kaohsiung_turned.pdf", "110_keelung_rotate90.pdf"])
def test_a_pdf_read_with_helpers_is_the_same_document(name: str) -> None:
    path = SAMPLES / name
    alone = pdf.parse(path)
    with page_share.sharing(1):
        shared = pdf.parse(path)
    assert shared.page_count >= page_share.MIN_PAGES
    assert pickle.dumps(shared) == pickle.dumps(alone)


def test_a_lone_file_has_a_helper_for_each_other_core_its_workers_allow() -> None:
    cores = default_workers()
    assert lone_helpers(1) == 0, "--workers 1: one process reads"
    assert lone_helpers(cores) == cores - 1
    assert lone_helpers(cores + 4) == cores - 1, "no more processes than cores"
