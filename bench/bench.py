"""`make bench`: how fast kaohe reads, against the bare libraries it is built on.

Builds a corpus of BENCH_REPORTS (default 200) distinct reports in a temporary folder — the
PDF and DOCX samples of samples/reports over and over, each copy made distinct (a PDF comment
after ``%%EOF``, a zip comment in a DOCX) so that no two share a SHA-256 — and measures, in one
run:

* ms per PDF page for the full pipeline (``process_file``) and for bare pdfplumber
  (``extract_tables()`` and ``extract_text()`` on every page), bare pypdfium2 (every page's text
  and character boxes) and camelot's stream flavour (every page), in this process, on one copy
  of each sample PDF; and the ratios;
* ms per PDF page of the console command, ``kaohe extract`` with 1 worker, on the same copies
  (start-up and every writer included), against bare pdfplumber's;
* wall time of a one-file run (``kaohe extract`` on a folder holding one sample PDF, best of 3),
  as a person runs it (a worker per core: the other cores read some of its pages) and with 1 worker;
* peak memory of the worker reading one 400-page report (the sample PDFs' pages over and over);
* ms per DOCX file for the full pipeline and for bare python-docx reading every table's cells;
* wall time of ``kaohe extract`` with 1 worker and with all cores on the first BENCH_SUBSET
  (default 48) files of the corpus, BENCH_ROUNDS times (default 3) one after the other, and the
  speed-up of the fastest run of each (the other runs are slowed by whatever else the machine
  does); and, in the same rounds, the machine's own speed-up: the same pure-Python loop in one
  process, then in as many processes as there are cores at once. Where the machine's cores are
  shared with others (a virtual machine), that ceiling is below the cores' number, and kaohe's
  speed-up cannot be above it;
* wall time of ``kaohe extract`` over the whole corpus with all cores, the peak memory of a
  worker (run.json), and the time of a second run over the unchanged folder (the cache);
* OCR seconds per scanned page (wall and CPU) and the peak memory of the process, on
  BENCH_OCR_PAGES (default 4) pages of samples/scans (300 dpi clean and 200 dpi grey), in a
  process of their own: the engine's threads are never started in this one, whose runs of
  kaohe fork workers.

Prints a table and writes output/bench.json (BENCH_JSON to change it). Timings are measured,
never asserted: the targets are printed beside them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's kaohe, not whichever one is installed
SAMPLES = ROOT / "samples" / "reports"
SCANS = ROOT / "samples" / "scans"
#: Scanned pages measured: (file, page number), taken in this order up to BENCH_OCR_PAGES.
OCR_PAGES = (
    ("110_keelung_scan300.pdf", 2), ("111_kaohsiung_scan200.pdf", 2),
    ("110_keelung_scan300.pdf", 13), ("111_kaohsiung_scan200.pdf", 13),
    ("110_taichung_scan_noisy.pdf", 2), ("110_hsinchu_scan_seal.pdf", 13),
)
KAOHE = [sys.executable, "-m", "pipeline.cli"]
MIB = 1024 * 1024

TARGETS = {
    "pdf_ratio": 0.5,  # full pipeline / bare pdfplumber per page, at most (the goal: 0.35)
    "command_ratio": 0.5,  # kaohe extract, 1 worker / bare pdfplumber per page, at most
    "speedup": 1.8,  # all cores against 1 worker, at least (on 2 cores)
    "rerun": 20.0,  # first run / cached re-run, at least
    "worker_mib": 200.0,  # peak memory per worker on a 400-page report, below
    "one_file_seconds": 0.8,  # a one-file run, below
    "ocr_mib": 1024.0,  # peak memory of a process OCRing scanned pages, below
}
#: Pages of the long report whose worker memory is measured.
LONG_PAGES = 400


def build_corpus(folder: Path, count: int) -> list[Path]:
    sources = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".pdf", ".docx"})
    made = []
    for i in range(count):
        source = sources[i % len(sources)]
        target = folder / f"{i:04d}_{source.name}"
        shutil.copyfile(source, target)
        if source.suffix == ".pdf":
            with target.open("ab") as fh:
                fh.write(f"\n%kaohe-bench copy {i}\n".encode())
        else:
            with zipfile.ZipFile(target, "a") as archive:
                archive.comment = f"kaohe-bench copy {i}".encode()
        made.append(target)
    return made


def per_page_costs() -> dict[str, Any]:
    """Full pipeline against the bare libraries, in this process, on one copy of each sample."""
    import logging

    import docx
    import pdfplumber

    from pipeline.options import ReadContext
    from pipeline.rubric import load_rubric
    from pipeline.run import process_file

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font messages: kaohe.log's business, not the table's
    context = ReadContext(load_rubric(None))
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    docxs = sorted(SAMPLES.glob("*.docx"))
    process_file(pdfs[0], SAMPLES, context)  # imports, fonts and OpenCC's tables loaded once, as in a worker
    process_file(docxs[0], SAMPLES, context)

    pages = 0
    full = bare = 0.0
    for path in pdfs:
        started = time.perf_counter()
        result = process_file(path, SAMPLES, context)
        full += time.perf_counter() - started
        started = time.perf_counter()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.extract_text()
                page.close()
            count = len(pdf.pages)
        bare += time.perf_counter() - started
        pages += count
        assert result.pages in (None, count)

    pdfium_text = _bare_pypdfium2(pdfs)
    camelot_stream = _camelot_stream(pdfs)

    docx_full = docx_bare = 0.0
    for path in docxs:
        started = time.perf_counter()
        process_file(path, SAMPLES, context)
        docx_full += time.perf_counter() - started
        started = time.perf_counter()
        document = docx.Document(str(path))
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text
        docx_bare += time.perf_counter() - started
    return {
        "pdf_files": len(pdfs),
        "pdf_pages": pages,
        "pdf_ms_per_page_full": 1000 * full / pages,
        "pdf_ms_per_page_pdfplumber": 1000 * bare / pages,
        "pdf_ratio": full / bare,
        "pdf_ms_per_page_pypdfium2": 1000 * pdfium_text / pages,
        "pdf_ms_per_page_camelot_stream": None if camelot_stream is None else 1000 * camelot_stream / pages,
        "docx_files": len(docxs),
        "docx_ms_per_file_full": 1000 * docx_full / len(docxs),
        "docx_ms_per_file_python_docx": 1000 * docx_bare / len(docxs),
        "docx_ratio": docx_full / docx_bare,
    }


def _bare_pypdfium2(pdfs: list[Path]) -> float:
    """Seconds for PDFium to give every page's text and every character's box."""
    import pypdfium2

    started = time.perf_counter()
    for path in pdfs:
        document = pypdfium2.PdfDocument(path)
        for page in document:
            text = page.get_textpage()
            text.get_text_range()
            for i in range(text.count_chars()):
                text.get_charbox(i)
            text.close()
            page.close()
        document.close()
    return time.perf_counter() - started


def _camelot_stream(pdfs: list[Path]) -> float | None:
    """Seconds for camelot's stream flavour on every page; None when camelot is not installed."""
    try:
        import warnings

        import camelot
    except ImportError:
        return None
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found in table area": camelot's chatter
        for path in pdfs:
            camelot.read_pdf(str(path), pages="all", flavor="stream")
    return time.perf_counter() - started


def command_costs(work: Path, bare_ms_per_page: float) -> dict[str, Any]:
    """The console command with 1 worker on one copy of each sample PDF; a one-file run (as it
    is run, and with 1 worker); the worker's peak memory on a 400-page report (1 worker)."""
    pdfs = work / "pdfs"
    pdfs.mkdir()
    for path in sorted(SAMPLES.glob("*.pdf")):
        shutil.copyfile(path, pdfs / path.name)
    seconds, run = run_kaohe(pdfs, work / "pdfs-out", "--workers", "1", "--no-cache")
    pages = sum(f["pages"] or 0 for f in run["files"])
    one = work / "one"
    one.mkdir()
    shutil.copyfile(SAMPLES / "110_hsinchu.pdf", one / "110_hsinchu.pdf")
    # As a person runs it (`kaohe extract report.pdf`: a worker per core, so the other cores read
    # some of its pages, ``pipeline.page_share``), and with 1 worker, which reads them all itself.
    one_file = min(run_kaohe(one, work / f"one-out-{i}", "--no-cache")[0] for i in range(3))
    one_file_1 = min(run_kaohe(one, work / f"one-out-1w-{i}", "--workers", "1", "--no-cache")[0] for i in range(3))
    long = work / "long"
    long.mkdir()
    _long_report(long / "long_report.pdf", LONG_PAGES)
    _, long_run = run_kaohe(long, work / "long-out", "--workers", "1", "--no-cache", "--timeout", "1200")
    command_ms = 1000 * seconds / pages
    return {
        "command_pdf_pages": pages,
        "command_ms_per_page": command_ms,
        "command_ratio": command_ms / bare_ms_per_page,
        "one_file_seconds": one_file,
        "one_file_seconds_1_worker": one_file_1,
        "long_report_pages": LONG_PAGES,
        "long_report_status": long_run["files"][0]["status"],
        "long_report_worker_memory_bytes": long_run["peak_worker_memory_bytes"] or 0,
    }


def _long_report(path: Path, pages: int) -> None:
    """A report of ``pages`` pages: the sample PDFs' pages, over and over."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    sources = [pypdfium2.PdfDocument(p) for p in sorted(SAMPLES.glob("*.pdf")) if "rotate" not in p.name]
    i = 0
    while len(out) < pages:
        source = sources[i % len(sources)]
        out.import_pages(source, list(range(min(len(source), pages - len(out)))))
        i += 1
    out.save(path)
    for source in sources:
        source.close()
    out.close()


def ocr_costs(count: int) -> dict[str, Any]:
    """OCR seconds per page, measured in a process of its own (``--ocr-pages``)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--ocr-pages", str(count)], cwd=ROOT, check=True,
        capture_output=True, text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _measure_ocr(count: int) -> dict[str, Any]:
    """In the ``--ocr-pages`` process: the engine built once (timed apart), then each page OCRed
    as a scanned page is in a worker (``parsers.scan.ocr_page``: render, seal, straighten, OCR, rules)."""
    import resource

    import pdfplumber

    from parsers import ocr_engine, scan

    started = time.perf_counter()
    ocr_engine._engine()
    load = time.perf_counter() - started
    wall = cpu = 0.0
    measured = []
    for name, number in OCR_PAGES[:count]:
        with pdfplumber.open(SCANS / name) as pdf:
            page = pdf.pages[number - 1]
            started, cpu_started = time.perf_counter(), time.process_time()
            reading = scan.ocr_page(page)
            wall += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            measured.append({"file": name, "page": number, "chars": len(page.chars), "ok": reading is not None})
    return {
        "ocr_pages": len(measured),
        "ocr_engine_load_seconds": load,
        "ocr_seconds_per_page": wall / max(1, len(measured)),
        "ocr_cpu_seconds_per_page": cpu / max(1, len(measured)),
        "ocr_peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "ocr_measured": measured,
    }


#: The command runs as an installed kaohe does: with its modules' compiled bytecode cached. Where
#: the environment says not to write it, every run would compile kaohe's modules anew (a fifth
#: of a one-file run on a slow machine), which measures the environment, not kaohe.
COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_kaohe(folder: Path, output: Path, *options: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    done = subprocess.run(
        [*KAOHE, "extract", str(folder), "-o", str(output), "-q", *options], cwd=ROOT, check=False, env=COMMAND_ENV,
    )
    seconds = time.perf_counter() - started
    if done.returncode > 2:
        raise SystemExit(f"bench: kaohe extract exited with {done.returncode}")
    run: dict[str, Any] = json.loads((output / "run.json").read_text(encoding="utf-8"))
    return seconds, run


def _wall(run: tuple[float, dict[str, Any]]) -> float:
    return run[0]


#: The machine's own speed-up is measured on this loop: pure Python, no memory to speak of, no I/O.
_SPIN = "s = 0\nfor i in range(18_000_000): s += i * i % 7\n"


def machine_speedup(cores: int) -> float:
    """How much faster ``cores`` copies of one CPU-bound loop finish at once than one after the
    other: ``cores`` on a machine of its own, less where its cores are shared."""
    def processes(n: int) -> float:
        started = time.perf_counter()
        running = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(n)]
        for process in running:
            process.wait()
        return time.perf_counter() - started

    alone = processes(1)
    return cores * alone / processes(cores)


def main() -> int:
    if sys.argv[1:2] == ["--ocr-pages"]:
        print(json.dumps(_measure_ocr(int(sys.argv[2]))))
        return 0
    count = int(os.environ.get("BENCH_REPORTS", "200"))
    subset = min(count, int(os.environ.get("BENCH_SUBSET", "48")))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    out_json = Path(os.environ.get("BENCH_JSON", ROOT / "output" / "bench.json"))

    print("bench: per-page costs on one copy of each sample PDF and DOCX, in one process …", flush=True)
    costs = per_page_costs()
    ocr_pages = int(os.environ.get("BENCH_OCR_PAGES", "4"))
    print(f"bench: OCR of {ocr_pages} scanned page(s), in a process of their own …", flush=True)
    costs |= ocr_costs(ocr_pages)
    with tempfile.TemporaryDirectory(prefix="kaohe-bench-") as temp:
        work = Path(temp)
        print(f"bench: kaohe extract on the sample PDFs, a one-file run, a {LONG_PAGES}-page report …", flush=True)
        costs.update(command_costs(work, costs["pdf_ms_per_page_pdfplumber"]))
        corpus = work / "corpus"
        corpus.mkdir()
        files = build_corpus(corpus, count)
        part = work / "subset"
        part.mkdir()
        for path in files[:subset]:
            os.link(path, part / path.name)
        rounds = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
        ones, manys, ceilings = [], [], []
        for n in range(rounds):
            print(f"bench: {subset} files with 1 worker, then with {cores}, round {n + 1} of {rounds} …", flush=True)
            ones.append(run_kaohe(part, work / f"one-{n}", "--workers", "1", "--no-cache"))
            manys.append(run_kaohe(part, work / f"many-{n}", "--workers", str(cores), "--no-cache"))
            ceilings.append(machine_speedup(cores))
        (one, one_run), (many, many_run) = min(ones, key=_wall), min(manys, key=_wall)
        print(f"bench: {count} files with {cores} workers, then again (cache) …", flush=True)
        first, run = run_kaohe(corpus, work / "full", "--workers", str(cores))
        second, rerun = run_kaohe(corpus, work / "full", "--workers", str(cores))
        pages = sum(f["pages"] or 0 for f in run["files"])
        cached = sum(1 for f in rerun["files"] if f.get("cached"))

    peak = max(run["peak_worker_memory_bytes"] or 0, costs["long_report_worker_memory_bytes"])
    results = {
        **costs,
        "cores": cores,
        "reports": count,
        "pages": pages,
        "subset_reports": subset,
        "subset_seconds_1_worker": one,
        "subset_seconds_all_cores": many,
        "speedup": one / many,
        "subset_rounds": rounds,
        "subset_seconds_1_worker_each": [seconds for seconds, _ in ones],
        "subset_seconds_all_cores_each": [seconds for seconds, _ in manys],
        "speedup_each": [a / b for (a, _), (b, _) in zip(ones, manys, strict=True)],
        "machine_speedup": max(ceilings),
        "machine_speedup_each": ceilings,
        "speedup_of_machine": (one / many) / max(ceilings),
        "subset_batch_seconds_1_worker": one_run["seconds"],
        "subset_batch_seconds_all_cores": many_run["seconds"],
        "batch_speedup": one_run["seconds"] / many_run["seconds"],
        "full_seconds_first_run": first,
        "full_seconds_cached_run": second,
        "cached_files": cached,
        "rerun": first / second,
        "peak_worker_memory_bytes": peak,
        "targets": TARGETS,
    }
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"  written to {out_json}")
    return 0


def table(r: dict[str, Any]) -> str:
    def verdict(ok: bool) -> str:
        return "meets target" if ok else "MISSES target"

    mib = r["peak_worker_memory_bytes"] / MIB
    subset, cores, reports = r["subset_reports"], r["cores"], r["reports"]
    camelot = r["pdf_ms_per_page_camelot_stream"]
    long_mib = r["long_report_worker_memory_bytes"] / MIB
    rows = [
        ("PDF, full pipeline", f"{r['pdf_ms_per_page_full']:.1f} ms/page", f"{r['pdf_pages']} pages, process_file"),
        ("PDF, bare pdfplumber", f"{r['pdf_ms_per_page_pdfplumber']:.1f} ms/page", "extract_tables + extract_text"),
        ("PDF, bare pypdfium2", f"{r['pdf_ms_per_page_pypdfium2']:.1f} ms/page", "text + every character's box"),
        ("PDF, camelot stream", "not installed" if camelot is None else f"{camelot:.1f} ms/page", "all pages"),
        ("PDF ratio", f"{r['pdf_ratio']:.2f}×",
         f"≤ {TARGETS['pdf_ratio']}× (goal 0.35×): {verdict(r['pdf_ratio'] <= TARGETS['pdf_ratio'])}"),
        ("kaohe extract, 1 worker", f"{r['command_ms_per_page']:.1f} ms/page", "the command, writers included"),
        ("command ratio", f"{r['command_ratio']:.2f}×",
         f"≤ {TARGETS['command_ratio']}×: {verdict(r['command_ratio'] <= TARGETS['command_ratio'])}"),
        ("one-file run", f"{r['one_file_seconds']:.2f} s",
         f"< {TARGETS['one_file_seconds']} s: {verdict(r['one_file_seconds'] < TARGETS['one_file_seconds'])}"),
        ("one-file run, 1 worker", f"{r['one_file_seconds_1_worker']:.2f} s", "--workers 1: no page helper"),
        (f"{r['long_report_pages']}-page report", f"{long_mib:.0f} MiB",
         f"worker peak, {r['long_report_status']}: {verdict(long_mib < TARGETS['worker_mib'])}"),
        ("DOCX, full pipeline", f"{r['docx_ms_per_file_full']:.1f} ms/file", f"{r['docx_files']} files"),
        ("DOCX, bare python-docx", f"{r['docx_ms_per_file_python_docx']:.1f} ms/file", "every table's cells"),
        ("DOCX ratio", f"{r['docx_ratio']:.2f}×", ""),
        (f"{subset} files, 1 worker", f"{r['subset_seconds_1_worker']:.1f} s", "kaohe extract --no-cache"),
        (f"{subset} files, {cores} workers", f"{r['subset_seconds_all_cores']:.1f} s", ""),
        ("speed-up, wall", f"{r['speedup']:.2f}×", f"≥ {TARGETS['speedup']}×: {verdict(r['speedup'] >= 1.8)}"
         f" (fastest of {r['subset_rounds']} rounds each; each round: "
         + ", ".join(f"{x:.2f}×" for x in r["speedup_each"]) + ")"),
        ("machine's own speed-up", f"{r['machine_speedup']:.2f}×",
         f"{cores} copies of a pure-Python loop at once (each round: "
         + ", ".join(f"{x:.2f}×" for x in r["machine_speedup_each"])
         + f"); kaohe's speed-up is {r['speedup_of_machine']:.0%} of it"),
        ("speed-up, reading only", f"{r['batch_speedup']:.2f}×", "run.json seconds: without start-up and writers"),
        (f"{reports} files, first run", f"{r['full_seconds_first_run']:.1f} s", f"{r['pages']} pages, {cores} workers"),
        (f"{reports} files, re-run", f"{r['full_seconds_cached_run']:.2f} s", f"{r['cached_files']} from the cache"),
        ("re-run speed-up", f"{r['rerun']:.0f}×", f"≥ {TARGETS['rerun']:g}×: {verdict(r['rerun'] >= 20)}"),
        ("peak memory per worker", f"{mib:.0f} MiB",
         f"< {TARGETS['worker_mib']:g} MiB: {verdict(mib < TARGETS['worker_mib'])}"),
        ("OCR, scanned page", f"{r['ocr_seconds_per_page']:.1f} s/page",
         f"{r['ocr_pages']} pages, {r['ocr_cpu_seconds_per_page']:.1f} s CPU/page, one ONNX thread"),
        ("OCR engine load", f"{r['ocr_engine_load_seconds']:.1f} s", "once per worker, on its first scanned page"),
        ("OCR peak memory", f"{r['ocr_peak_memory_bytes'] / MIB:.0f} MiB",
         f"< {TARGETS['ocr_mib']:g} MiB: {verdict(r['ocr_peak_memory_bytes'] / MIB < TARGETS['ocr_mib'])}"),
    ]
    width = max(len(a) for a, _, _ in rows)
    lines = ["", "kaohe bench", "-" * 72]
    lines += [f"{a:<{width}}  {b:>14}  {c}" for a, b, c in rows]
    lines.append(
        f"(per-page and per-file costs: one copy of each sample, in one process; the speed-up on the first "
        f"{r['subset_reports']} files of the corpus)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
