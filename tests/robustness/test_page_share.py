"""One file's pages read by the worker and by helpers forked from it (``pipeline.page_share``):
only on cores the batch allows and no one uses; every page once, in order, whatever a helper
does; a failure is the first failing page's, as without helpers; no helper is left behind, not
even by a worker that is killed."""

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
from pipeline.batch import run_batch
from pipeline.options import Limits, ReadContext, default_workers
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric

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


@contextlib.contextmanager
def _allowed(processes: int) -> Iterator[None]:
    """As in a batch whose every file has a worker, and ``processes`` may read at once."""
    with page_share.counting():
        page_share.allow(processes)
        yield


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
    with _allowed(2), page_share.reading():
        pages = page_share.read_pages(PAGES, _page, _reopen(_page))
    assert [index for index, _ in pages] == list(range(PAGES))
    readers = {pid for _, pid in pages}
    assert os.getpid() in readers and len(readers) == 2, "the reader and its helper each read pages"
    assert page_share.helpers_peak() > 0, "the helper's peak memory is known"


def test_no_helper_unless_a_core_the_batch_allows_is_free() -> None:
    def readers(pages: list[tuple[int, int]]) -> set[int]:
        return {pid for _, pid in pages}

    assert readers(page_share.read_pages(PAGES, _page, _reopen(_page))) == {os.getpid()}, "no batch: no helper"
    with _allowed(1), page_share.reading():  # --workers 1
        assert readers(page_share.read_pages(PAGES, _page, _reopen(_page))) == {os.getpid()}
    with _allowed(2), page_share.reading():
        short = page_share.read_pages(page_share.MIN_PAGES, _page, _reopen(_page))
    assert readers(short) == {os.getpid()}, "too few pages for a helper"
    with _allowed(2), page_share.reading(), _another_worker() as done:
        busy = page_share.read_pages(PAGES, _page, _reopen(_page))
        done()
    assert readers(busy) == {os.getpid()}, "the other core is another worker's"


@contextlib.contextmanager
def _another_worker() -> Iterator[Callable[[], None]]:
    """Another worker reading a file, until the function given is called."""
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the other worker
        with page_share.reading():
            os.write(ready_w, b"x")
            os.read(stop_r, 1)
        os._exit(0)
    os.read(ready_r, 1)

    def done() -> None:
        if os.write(stop_w, b"x"):
            os.waitpid(pid, 0)

    try:
        yield done
    finally:
        with contextlib.suppress(ChildProcessError, ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for fd in (ready_r, ready_w, stop_r, stop_w):
            os.close(fd)


def test_a_helper_is_forked_once_a_core_is_free_in_the_middle_of_a_file() -> None:
    """The batch's last files: a worker that ends its file frees its core for another's pages."""
    with _allowed(2), page_share.reading(), _another_worker() as done:
        def page(index: int) -> tuple[int, int]:
            if index == 3:
                done()  # the other worker is done with its file
            return _page(index)

        pages = page_share.read_pages(PAGES, page, _reopen(_page))
    assert all(pid == os.getpid() for index, pid in pages if index <= 3)
    assert {pid for _, pid in pages} - {os.getpid()}, "a helper read some of the pages after the third"


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
    with _allowed(2), page_share.reading():
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

    with _allowed(1 + helpers), page_share.reading(), pytest.raises(PageError) as raised:
        page_share.read_pages(PAGES, failing, _reopen(failing))
    assert raised.value.args == (5,)


def test_the_reader_out_of_memory_stops_its_helpers_at_once() -> None:
    def helpers_page(index: int) -> tuple[int, int]:
        time.sleep(30)  # a helper still at work when the reader gives up
        return index, os.getpid()

    def readers_page(index: int) -> tuple[int, int]:
        raise MemoryError

    started = time.perf_counter()
    with _allowed(3), page_share.reading(), pytest.raises(MemoryError):
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

    with _allowed(3), page_share.reading():
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
    with _allowed(2), page_share.reading():
        shared = pdf.parse(path)
    assert shared.page_count >= page_share.MIN_PAGES
    assert pickle.dumps(shared) == pickle.dumps(alone)


def _spare(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """A reader that notes how many more processes may read while it reads its file."""
    path.with_suffix(".spare").write_text(str(page_share.spare()), encoding="utf-8")
    raise ValueError("noted")


@pytest.mark.parametrize(("workers", "spare"), [(1, 0), (2, 1), (64, default_workers() - 1)])
def test_a_lone_file_may_have_a_helper_for_each_other_core_its_workers_allow(
    tmp_path: Path, workers: int, spare: int,
) -> None:
    if default_workers() < 2:
        pytest.skip("one core: nothing to spare")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("x", encoding="utf-8")
    run_batch(inbox, ReadContext(load_rubric(None)), limits=Limits(workers=workers), reader=_spare)
    assert (inbox / "a.spare").read_text(encoding="utf-8") == str(spare)
    assert page_share.spare() <= 0, "after the batch, no helper is allowed"


def _spare_then_wait(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """``_spare``, then a while reading (the first files keep their workers while the next waits)."""
    path.with_suffix(".spare").write_text(str(page_share.spare()), encoding="utf-8")
    time.sleep(2 if path.stem != "c" else 0)
    raise ValueError("noted")


def test_no_helper_while_a_file_waits_for_a_worker(tmp_path: Path) -> None:
    """A pool's worker between two files is no core to spare: the next file is on its way."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, size in (("a", 3), ("b", 2), ("c", 1)):  # read largest first: a and b, then c
        (inbox / f"{name}.txt").write_text("x" * size, encoding="utf-8")
    run_batch(inbox, ReadContext(load_rubric(None)), limits=Limits(workers=2), reader=_spare_then_wait)
    assert [int((inbox / f"{name}.spare").read_text(encoding="utf-8")) <= 0 for name in "ab"] == [True, True]


def test_without_a_pipe_the_pages_are_read_without_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pipe() -> tuple[int, int]:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(page_share.os, "pipe", no_pipe)
    with _allowed(2), page_share.reading():
        pages = page_share.read_pages(PAGES, _page, _reopen(_page))
    assert pages == [(index, os.getpid()) for index in range(PAGES)]


def test_a_file_longer_than_a_queue_holds_is_read_without_helpers() -> None:
    def page(index: int) -> tuple[int, int]:
        time.sleep(0.002)  # a helper would take some of them
        return index, os.getpid()

    count = page_share._QUEUE_PAGES + 1
    with _allowed(2), page_share.reading():
        pages = page_share.read_pages(count, page, _reopen(page))
    assert pages == [(index, os.getpid()) for index in range(count)]


# --- work done aside (``page_share.aside``) -------------------------------------------------


def _where(tag: str) -> tuple[str, int, int]:
    """Which process did the work, and how many the batch counted as reading meanwhile."""
    return tag, os.getpid(), page_share.spare()


def test_work_is_done_aside_on_a_free_core_while_the_worker_goes_on() -> None:
    with _allowed(2), page_share.reading(), page_share.aside(lambda: _where("flow")) as value:
        assert page_share.spare() == 0, "the helper counts as reading while it works"
        tag, pid, _ = value()
        assert page_share.spare() == 1, "and no longer once its value is taken"
    assert tag == "flow" and pid != os.getpid()


def test_a_helper_whose_value_is_not_asked_for_is_stopped() -> None:
    with _allowed(2), page_share.reading():
        with contextlib.suppress(RuntimeError), page_share.aside(lambda: time.sleep(30)):
            assert page_share.spare() == 0
            raise RuntimeError("the worker failed before it asked")
        assert page_share.spare() == 1, "its core is free again"


def test_no_work_aside_without_a_free_core() -> None:
    with page_share.aside(lambda: _where("x")) as value:
        assert value()[1] == os.getpid(), "no batch: done here"
    with _allowed(1), page_share.reading(), page_share.aside(lambda: _where("x")) as value:
        assert value()[1] == os.getpid(), "--workers 1: done here"


def _raise_in_helper(parent: int) -> str:
    if os.getpid() != parent:
        raise ValueError("only in the helper")
    return "done here"


def _die_in_helper(parent: int) -> str:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return "done here"


def _unpicklable_in_helper(parent: int) -> object:
    if os.getpid() != parent:
        return lambda: None  # its value cannot travel back
    return "done here"


@pytest.mark.parametrize("work", [_raise_in_helper, _die_in_helper, _unpicklable_in_helper])
def test_work_the_helper_does_not_hand_back_is_done_here(work: Callable[[int], object]) -> None:
    with _allowed(2), page_share.reading():
        with page_share.aside(lambda: work(os.getpid())) as value:
            assert value() == "done here"
        assert page_share.spare() == 1


def test_work_that_fails_fails_here_as_without_a_helper() -> None:
    def fails() -> None:
        raise KeyError("the flow")

    with _allowed(2), page_share.reading(), page_share.aside(fails) as value, pytest.raises(KeyError, match="the flow"):
        value()


def test_the_flow_read_aside_gives_the_results_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.flow import TABLE_ONLY
    from pipeline.run import process_file

    path = SAMPLES / "111_kaohsiung_peritem.pdf"  # its scores printed below each item's table too
    context = ReadContext(load_rubric(None))
    alone = process_file(path, SAMPLES, context)
    done_by: list[int] = []
    real = page_share.aside

    @contextlib.contextmanager
    def spied(work: Callable[[], object], what: str) -> Iterator[Callable[[], object]]:
        with real(lambda: (os.getpid(), work()), what) as got:

            def value() -> object:
                pid, result = got()
                done_by.append(pid)
                return result

            yield value

    monkeypatch.setattr(page_share, "aside", spied)
    with _allowed(2), page_share.reading():
        shared = process_file(path, SAMPLES, context)
    assert done_by and done_by[0] != os.getpid(), "the flow was read by a helper"
    assert pickle.dumps(shared) == pickle.dumps(alone)
    assert alone.extraction is not None
    rows = [row for row in alone.extraction.item_rows if row.score is not None]
    assert rows and any(row.review != TABLE_ONLY for row in rows), "the flow gave scores"
