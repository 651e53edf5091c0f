"""The batch survives whatever a file does to its worker: crash, hang, memory blow-up.

The misbehaviour is played by a reader that stands in for ``process_file`` (a worker runs the
reader it is given), keyed on the file's name, so each way of dying is tested on purpose.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import signal
import subprocess
import time
import weakref
from pathlib import Path

import pytest

import parsers.doc
import pipeline.batch
import pipeline.pools
from pipeline import ocr_clock
from pipeline.batch import memory_sentence, run_batch, timeout_sentence
from pipeline.cli import main
from pipeline.options import Limits, ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from tests.conftest import SAMPLES, read_csv
from tests.robustness.conftest import BAD

MIB = 1024 * 1024


def _vm_size() -> int:
    """This process's address space in bytes: a forked worker starts with as much."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def misbehaving(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """``process_file``, unless the file's name says to crash, hang, hog memory or dawdle."""
    name = path.name
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("hog"):
        chunks = [bytearray(64 * MIB) for _ in range(200)]  # 12.5 GiB, were there no limit
        del chunks
    if name.startswith("cmem"):  # C code that allocates without checking for NULL, as parser libraries do
        libc = ctypes.CDLL(None)
        libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
        while block := libc.malloc(16 * MIB):
            ctypes.memset(block, 1, 16 * MIB)
        ctypes.string_at(0)  # it then uses the NULL it got: SIGSEGV
    if name.startswith("noisy"):  # a library that prints to the process's stdout and stderr
        os.write(1, b"libnoise: font warning on stdout\n")
        os.write(2, b"libnoise: font warning on stderr\n")
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("slow"):
        time.sleep(1.5)
    if name.startswith("ocr"):  # a scan: "ocr2-4.txt" OCRs 2 pages, each taking 4 s
        pages, seconds = name[3:].removesuffix(".txt").split("-")
        for _ in range(int(pages)):
            ocr_clock.page_started()
            time.sleep(float(seconds))
    if name.startswith("soffice"):
        sleeper = subprocess.Popen(["sleep", "600"], start_new_session=True)
        parsers.doc._RUNNING.add(sleeper.pid)
        (root / "soffice.pid").write_text(str(sleeper.pid))
        time.sleep(600)
    return process_file(path, root, context)


@pytest.fixture(scope="module")
def context() -> ReadContext:
    return ReadContext(load_rubric(None))


def _inbox(tmp_path: Path, names: list[str]) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i, name in enumerate(names):
        (inbox / name).write_text(f"file {i}: not a report format", encoding="utf-8")
    return inbox


def test_crash_hang_and_memory_blow_up_each_become_a_failed_row(tmp_path: Path, context: ReadContext) -> None:
    names = ["a.txt", "crash.txt", "exit.txt", "hang.txt", "hog.txt", "z.txt"]
    limits = Limits(workers=2, timeout=3, max_memory=_vm_size() + 512 * MIB)
    started = time.perf_counter()
    batch = run_batch(_inbox(tmp_path, names), context, limits=limits, reader=misbehaving)
    assert time.perf_counter() - started < 30, "the hang is stopped at the time limit"
    rows = {r.source_file: r for r in batch.results}
    assert [r.source_file for r in batch.results] == names, "every file, in input order"
    assert (rows["crash.txt"].status, rows["crash.txt"].error) == (
        "failed", "the reader crashed on this file (signal 11): stopped",
    )
    assert rows["exit.txt"].error == "the reader crashed on this file (exit code 3): stopped"
    assert rows["hang.txt"].error == "reading it took longer than the 3 s time limit (--timeout): stopped"
    assert rows["hog.txt"].status == "failed"
    assert rows["hog.txt"].error.startswith("reading it needed more than the ")
    assert rows["hog.txt"].error.endswith(" GiB memory limit (--max-memory): stopped")
    for name in ("a.txt", "z.txt"):  # the workers were replaced and the batch went on
        assert (rows[name].status, rows[name].error) == ("skipped", "not a report format (.txt): skipped")


def _never_ready(max_memory: int) -> None:
    """A worker that hangs before it takes any file (a lock held at the fork, say)."""
    time.sleep(600)


def test_a_pool_that_takes_no_file_is_stopped_and_each_file_says_so(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No file's time limit runs before a worker takes it: the batch watches for that too."""
    monkeypatch.setattr(pipeline.pools, "start_worker", _never_ready)
    monkeypatch.setattr(pipeline.batch, "STALL_SECONDS", 1.0)
    started = time.perf_counter()
    batch = run_batch(_inbox(tmp_path, ["a.txt", "b.txt"]), context, limits=Limits(workers=1, timeout=600))
    assert time.perf_counter() - started < 30
    sentence = "kaohe's reader stopped taking files (1 s without one): not read"
    assert [(r.source_file, r.status, r.error) for r in batch.results] == [
        ("a.txt", "failed", sentence), ("b.txt", "failed", sentence),
    ]


def test_a_pool_that_works_is_not_taken_for_a_stalled_one(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files that take longer than the stall's wait each, one after the other: all are read."""
    monkeypatch.setattr(pipeline.batch, "STALL_SECONDS", 1.0)
    batch = run_batch(_inbox(tmp_path, ["slow1.txt", "slow2.txt"]), context, limits=Limits(workers=1, timeout=30),
                      reader=misbehaving)
    assert [r.status for r in batch.results] == ["skipped", "skipped"]


def test_the_time_limit_grows_with_the_pages_ocred(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2 s a file and 2 s more for each page OCRed: two pages of 1.5 s fit (5.5 s allowed, the
    text reader needing no more), a page of 6 s does not (4 s allowed), nor 3 s without OCR."""
    monkeypatch.setattr(ocr_clock, "OCR_PAGE_SECONDS", 2.0)  # forked workers see it too
    names = ["ocr1-6.txt", "ocr2-1.5.txt", "ocr0-0.txt", "slow.txt"]
    inbox = _inbox(tmp_path, names)
    (inbox / "hang3.txt").write_text("not a report", encoding="utf-8")
    batch = run_batch(inbox, context, limits=Limits(workers=2, timeout=2), reader=_hang3)
    rows = {r.source_file: r.error for r in batch.results}
    assert rows["ocr2-1.5.txt"] == rows["ocr0-0.txt"] == "not a report format (.txt): skipped"
    assert rows["ocr1-6.txt"] == timeout_sentence(2, 1)
    assert "2 s for each of the 1 page(s) read by OCR" in rows["ocr1-6.txt"]
    assert rows["hang3.txt"] == timeout_sentence(2, 0) == (
        "reading it took longer than the 2 s time limit (--timeout): stopped"
    )


def _hang3(path: Path, root: Path, context: ReadContext) -> ReportResult:
    if path.name == "hang3.txt":
        time.sleep(3)
    return misbehaving(path, root, context)


def test_running_out_of_memory_in_c_code_says_so_not_signal_11(tmp_path: Path, context: ReadContext) -> None:
    limits = Limits(workers=1, timeout=30, max_memory=_vm_size() + 512 * MIB)
    batch = run_batch(_inbox(tmp_path, ["cmem.txt", "crash.txt"]), context, limits=limits, reader=misbehaving)
    rows = {r.source_file: r.error for r in batch.results}
    assert rows["cmem.txt"] == memory_sentence(limits.max_memory), "a segfault at the limit is the limit"
    assert rows["crash.txt"] == "the reader crashed on this file (signal 11): stopped", "far from it, a crash"


def test_what_libraries_print_in_a_worker_goes_to_the_log(
    tmp_path: Path, context: ReadContext, capfd: pytest.CaptureFixture[str]
) -> None:
    handler = logging.FileHandler(tmp_path / "kaohe.log", mode="w", encoding="utf-8")
    root = logging.getLogger()
    before = root.handlers[:]
    root.handlers[:] = [handler]  # as pipeline.api does: the log file is the only handler
    try:
        batch = run_batch(_inbox(tmp_path, ["noisy.txt"]), context, limits=Limits(workers=1, timeout=30),
                          reader=misbehaving)
    finally:
        root.handlers[:] = before
        handler.close()
    assert batch.results[0].status == "skipped"
    printed = capfd.readouterr()
    assert "libnoise" not in printed.out + printed.err, "nothing a library prints reaches the terminal"
    logged = (tmp_path / "kaohe.log").read_text(encoding="utf-8")
    assert "font warning on stdout" in logged and "font warning on stderr" in logged


def test_results_come_back_in_input_order_whatever_finishes_first(tmp_path: Path, context: ReadContext) -> None:
    names = ["a_slow.txt", "b.txt", "c_slow.txt", "d.txt", "e.txt"]
    inbox = _inbox(tmp_path, names)
    (inbox / "a_slow.txt").rename(inbox / "slow_a.txt")
    (inbox / "c_slow.txt").rename(inbox / "slow_c.txt")
    batch = run_batch(inbox, context, limits=Limits(workers=2, timeout=30), reader=misbehaving)
    assert [r.source_file for r in batch.results] == sorted(["slow_a.txt", "b.txt", "slow_c.txt", "d.txt", "e.txt"])
    assert all(r.seconds is not None for r in batch.records)


@pytest.mark.parametrize(("files", "first"), [(5, True), (2, False)])
def test_pebble_looks_at_the_pool_less_often_while_files_wait(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch, files: int, first: bool,
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(pipeline.batch, "busy", calls.append)
    inbox = _inbox(tmp_path, [f"{n}.txt" for n in range(files)])
    run_batch(inbox, context, limits=Limits(workers=2, timeout=30), reader=misbehaving)
    assert calls[0] is first, "slow while more files wait than there are workers"
    assert calls[-1] is False, "fast again before the pool is closed"


def test_busy_sets_pebbles_tick() -> None:
    from pebble.common.types import CONSTS

    from pipeline.pools import BUSY_TICK, TICK, busy

    busy(True)
    assert CONSTS.sleep_unit == BUSY_TICK
    busy(False)
    assert CONSTS.sleep_unit == TICK


@pytest.mark.parametrize(("workers", "files", "run"), [(1, 5, True), (2, 2, True), (2, 5, False)])
def test_the_writers_warm_up_while_reading_only_where_a_core_is_free(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch, workers: int, files: int, run: bool,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    done: list[int] = []
    inbox = _inbox(tmp_path, [f"{n}.txt" for n in range(files)])
    batch = run_batch(inbox, context, limits=Limits(workers=workers, timeout=30), reader=misbehaving,
                      meanwhile=lambda: done.append(1))
    assert len(batch.results) == files
    assert done == ([1] if run else []), "with every core reading and files waiting, the caller warms up after"


class _Cycle:
    me: object = None


#: Weak references to the cycles ``_leaves_a_cycle`` left behind, in this worker.
_LEFT: list[weakref.ref[_Cycle]] = []


def _leaves_a_cycle(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """A reader that leaves garbage in a cycle, and reports how much earlier files' is still alive."""
    alive = sum(1 for ref in _LEFT if ref() is not None)
    cycle = _Cycle()
    cycle.me = cycle
    _LEFT.append(weakref.ref(cycle))
    return ReportResult("", path.name, "txt", "failed", str(alive))


def test_what_a_file_leaves_in_cycles_is_freed_before_the_workers_next_file(
    tmp_path: Path, context: ReadContext,
) -> None:
    inbox = _inbox(tmp_path, [f"{n}.txt" for n in range(4)])
    batch = run_batch(inbox, context, limits=Limits(workers=1, timeout=30), reader=_leaves_a_cycle)
    assert [r.error for r in batch.results] == ["0"] * 4


def _gc_thresholds(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """A reader that reports its worker's collector thresholds as the file's error."""
    import gc

    return ReportResult("", path.name, "txt", "failed", repr(gc.get_threshold()))


@pytest.mark.parametrize("files", [1, 2], ids=["lone reader", "pool"])
def test_workers_collect_garbage_at_their_own_thresholds(tmp_path: Path, context: ReadContext, files: int) -> None:
    import gc

    from pipeline.worker import GC_THRESHOLDS

    inbox = _inbox(tmp_path, [f"{n}.txt" for n in range(files)])
    batch = run_batch(inbox, context, limits=Limits(workers=2, timeout=30), reader=_gc_thresholds)
    assert [r.error for r in batch.results] == [repr(GC_THRESHOLDS)] * files
    assert gc.get_threshold() != GC_THRESHOLDS, "the calling process keeps its own"


def test_a_stopped_worker_takes_its_libreoffice_with_it(tmp_path: Path, context: ReadContext) -> None:
    inbox = _inbox(tmp_path, ["soffice.doc"])
    batch = run_batch(inbox, context, limits=Limits(workers=1, timeout=2), reader=misbehaving)
    assert batch.results[0].error.startswith("reading it took longer than the 2 s time limit")
    pid = int((inbox / "soffice.pid").read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid), "the LibreOffice stand-in outlived its worker"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_an_unreadable_file_is_accounted_for(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.batch

    real_hash = pipeline.batch._hash

    def locked(path: Path) -> tuple[str, int]:
        if path.name == "locked.pdf":  # as chmod 000 would, for a user other than root
            raise PermissionError(13, "Permission denied", str(path))
        return real_hash(path)

    monkeypatch.setattr(pipeline.batch, "_hash", locked)
    batch = run_batch(_inbox(tmp_path, ["a.txt", "locked.pdf"]), context)
    assert [(r.source_file, r.status, r.error) for r in batch.results] == [
        ("a.txt", "skipped", "not a report format (.txt): skipped"),
        ("locked.pdf", "failed", "the file cannot be opened: Permission denied"),
    ]


def test_names_with_spaces_chinese_and_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    inbox = tmp_path / os.fsdecode(b"in \xe9")  # the input folder's own name is not UTF-8 either
    (inbox / "子 資料夾").mkdir(parents=True)
    odd = os.fsdecode(b"report \xff\xfe.docx")  # a name from a system that does not write UTF-8
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / odd)
    shutil.copy(SAMPLES / "110_hsinchu.docx", inbox / "子 資料夾" / "新竹 110 (final).docx")
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet"]) == 0
    rows = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert set(rows) == {"report \\xff\\xfe.docx", "子 資料夾/新竹 110 (final).docx"}
    assert all(r["status"] == "ok" for r in rows.values())
    assert "report \\\\xff\\\\xfe.docx" in (out / "run.json").read_text(encoding="utf-8")


def test_a_rerun_with_other_worker_counts_gives_byte_identical_csvs(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    slow = ("many_pages.pdf", "encrypted_*", "broken_xref.pdf", "deeply_nested.pdf", "=*", "名稱*")
    shutil.copytree(BAD, inbox, ignore=shutil.ignore_patterns(*slow))
    # and a report with one scanned page (samples/bad/scanned.pdf is grey bars: OCR reads no
    # text from it), so that what OCR reads is compared too, read after other files or first
    shutil.copy(SAMPLES.parent / "scans" / "111_keelung_bigtable_mixed.pdf", inbox)
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(one), "--quiet", "--workers", "1"]) == 2
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(two), "--quiet", "--workers", "2"]) == 2
    for csv in sorted(p.name for p in one.glob("*.csv")):
        assert (one / csv).read_bytes() == (two / csv).read_bytes(), csv
    (mixed,) = [r for r in read_csv(one / "reports.csv") if r["source_file"] == "111_keelung_bigtable_mixed.pdf"]
    assert mixed["status"] == "ok", mixed["error"]


@pytest.mark.parametrize(
    "option",
    [["--workers", "0"], ["--workers", "two"], ["--timeout", "0"], ["--timeout", "-5"], ["--timeout", "inf"],
     ["--max-memory", "lots"], ["--max-memory", "10M"]],
)
def test_bad_limits_are_bad_usage(tmp_path: Path, option: list[str]) -> None:
    assert main(["extract", "--lang", "en", str(SAMPLES), "-o", str(tmp_path / "out"), *option]) == 3


def test_exit_codes(tmp_path: Path) -> None:
    good, failing = tmp_path / "good", tmp_path / "failing"
    good.mkdir()
    failing.mkdir()
    shutil.copy(SAMPLES / "110_taichung.docx", good)  # read, with findings
    shutil.copy(BAD / "empty.pdf", failing)
    out = str(tmp_path / "out")
    assert main(["extract", "--lang", "en", str(good), "-o", out, "-q", "--max-memory", "1.5G", "--timeout", "60"]) == 0
    assert main(["extract", "--lang", "en", str(good), "-o", out, "-q", "--fail-on-findings"]) == 1
    assert main(["extract", "--lang", "en", str(failing), "-o", out, "-q", "--fail-on-findings"]) == 2
    assert main(["extract", "--lang", "en", str(tmp_path / "nowhere"), "-o", out]) == 3


def test_an_internal_error_exits_4_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pipeline.api

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.api, "write_all", broken)
    inbox = _inbox(tmp_path, ["a.txt"])
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(tmp_path / "out")]) == 4
    assert "internal error (OSError: disk full)" in capsys.readouterr().err


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.files
    from pipeline.write import csv as csv_writer

    target = tmp_path / "reports.csv"
    target.write_bytes(b"the previous run's file")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        csv_writer.atomic_write(target, b"half of a new file")
    assert target.read_bytes() == b"the previous run's file"
    assert [p.name for p in tmp_path.iterdir()] == ["reports.csv"]
