"""`make bench`: how fast kaohe reads, against the bare libraries it is built on.

Builds a corpus of BENCH_REPORTS (default 200) distinct reports in a temporary folder — the
PDF and DOCX samples of samples/reports over and over, each copy made distinct (a PDF comment
after ``%%EOF``, a zip comment in a DOCX) so that no two share a SHA-256 — and measures, in one
run:

* ms per PDF page for the full pipeline (``process_file``) and for bare pdfplumber
  (``extract_tables()`` and ``extract_text()`` on every page), in this process, one worker, on
  one copy of each sample PDF; and their ratio;
* ms per DOCX file for the full pipeline and for bare python-docx reading every table's cells;
* wall time of ``kaohe extract`` with 1 worker and with all cores on the first BENCH_SUBSET
  (default 48) files of the corpus, and the speed-up;
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
    "pdf_ratio": 1.15,  # full pipeline / bare pdfplumber per page, at most
    "speedup": 1.8,  # all cores against 1 worker, at least (on 2 cores)
    "rerun": 20.0,  # first run / cached re-run, at least
    "worker_mib": 300.0,  # peak memory per worker, below
    "ocr_mib": 1024.0,  # peak memory of a process OCRing scanned pages, below
}


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
        "docx_files": len(docxs),
        "docx_ms_per_file_full": 1000 * docx_full / len(docxs),
        "docx_ms_per_file_python_docx": 1000 * docx_bare / len(docxs),
        "docx_ratio": docx_full / docx_bare,
    }


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


def run_kaohe(folder: Path, output: Path, *options: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    done = subprocess.run([*KAOHE, "extract", str(folder), "-o", str(output), "-q", *options], cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode > 2:
        raise SystemExit(f"bench: kaohe extract exited with {done.returncode}")
    run: dict[str, Any] = json.loads((output / "run.json").read_text(encoding="utf-8"))
    return seconds, run


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
        corpus = work / "corpus"
        corpus.mkdir()
        files = build_corpus(corpus, count)
        part = work / "subset"
        part.mkdir()
        for path in files[:subset]:
            os.link(path, part / path.name)
        print(f"bench: {subset} files with 1 worker, then with {cores} …", flush=True)
        one, one_run = run_kaohe(part, work / "one", "--workers", "1", "--no-cache")
        many, many_run = run_kaohe(part, work / "many", "--workers", str(cores), "--no-cache")
        print(f"bench: {count} files with {cores} workers, then again (cache) …", flush=True)
        first, run = run_kaohe(corpus, work / "full", "--workers", str(cores))
        second, rerun = run_kaohe(corpus, work / "full", "--workers", str(cores))
        pages = sum(f["pages"] or 0 for f in run["files"])
        cached = sum(1 for f in rerun["files"] if f.get("cached"))

    peak = run["peak_worker_memory_bytes"] or 0
    results = {
        **costs,
        "cores": cores,
        "reports": count,
        "pages": pages,
        "subset_reports": subset,
        "subset_seconds_1_worker": one,
        "subset_seconds_all_cores": many,
        "speedup": one / many,
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
    rows = [
        ("PDF, full pipeline", f"{r['pdf_ms_per_page_full']:.1f} ms/page", f"{r['pdf_pages']} pages, 1 worker"),
        ("PDF, bare pdfplumber", f"{r['pdf_ms_per_page_pdfplumber']:.1f} ms/page", "extract_tables + extract_text"),
        ("PDF ratio", f"{r['pdf_ratio']:.2f}×", f"≤ {TARGETS['pdf_ratio']}×: {verdict(r['pdf_ratio'] <= 1.15)}"),
        ("DOCX, full pipeline", f"{r['docx_ms_per_file_full']:.1f} ms/file", f"{r['docx_files']} files"),
        ("DOCX, bare python-docx", f"{r['docx_ms_per_file_python_docx']:.1f} ms/file", "every table's cells"),
        ("DOCX ratio", f"{r['docx_ratio']:.2f}×", ""),
        (f"{subset} files, 1 worker", f"{r['subset_seconds_1_worker']:.1f} s", "kaohe extract --no-cache"),
        (f"{subset} files, {cores} workers", f"{r['subset_seconds_all_cores']:.1f} s", ""),
        ("speed-up, wall", f"{r['speedup']:.2f}×", f"≥ {TARGETS['speedup']}×: {verdict(r['speedup'] >= 1.8)}"),
        ("speed-up, reading only", f"{r['batch_speedup']:.2f}×", "run.json seconds: without start-up and writers"),
        (f"{reports} files, first run", f"{r['full_seconds_first_run']:.1f} s", f"{r['pages']} pages, {cores} workers"),
        (f"{reports} files, re-run", f"{r['full_seconds_cached_run']:.2f} s", f"{r['cached_files']} from the cache"),
        ("re-run speed-up", f"{r['rerun']:.0f}×", f"≥ {TARGETS['rerun']:g}×: {verdict(r['rerun'] >= 20)}"),
        ("peak memory per worker", f"{mib:.0f} MiB", f"< {TARGETS['worker_mib']:g} MiB: {verdict(mib < 300)}"),
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
