"""Build kaohe's sample corpus: self-evaluation reports from several producers, and their truth.

The reports imitate the 經濟部標準檢驗局 branch offices' "提升服務效能執行績效與成果"
self-evaluations that kaohe reads. ``110_keelung`` reproduces the real seed report
(../shared/seeds/000_43bf3ab0ee5dfed3.txt); the others reuse its rubric and narrative with
their own scores, figures, place names, layouts and quirks. The specs, one per report, are
in ``generate/specs.py``; what each producer does is in its module:

- ``generate/word.py``    DOCX with python-docx; LibreOffice converts it to PDF and ODT
                          (``generate/convert.py``).
- ``generate/web.py``     HTML with <table>s (rowspan, colspan, CSS rules or none), printed
                          to PDF by headless Chromium.
- ``generate/drawn.py``   PDF drawn directly with reportlab in a non-embedded CID font,
                          table rules and text placed by hand.

Most reports are written in the 110 rubric (``generate/rubric.py``); the ``112_*_testrubric*``
and ``113_taichung_testrubric*`` ones in the 112 TEST rubric (``generate/rubric112.py``, not an
official rubric: every item renamed, an item 5.3 added), so that kaohe's choice of the rubric
by the report's year is measured. Each spec names its rubric (``ReportSpec.rubric``); the
generator keeps its own copy of each, never kaohe's, so the truth is not read from the code.

Every document gets a ground-truth JSON ``samples/truth/<file name>.json`` derived from the
same ``ReportSpec`` that builds the document (``generate/spec.py``), so a printed figure and
its truth cannot drift apart: the scores and findings, every indicator row, and every quantity
of the narrative (the spans marked ``⟦…⟧`` in the templates, printed without the marks).
``--truth-only`` rewrites the truth files of the documents already built; ``--only STEM ...``
builds just those reports, so that adding a sample leaves the bytes (and so the report_ids)
of every other one as they are. Output bytes are reproducible for a given set of tool versions
(fixed document properties, dates and zip timestamps).

Run from the repository root: ``.venv/bin/python samples/make_samples.py [--skip-pdf]``
(``make samples``). PDFs and ODTs need LibreOffice and Chromium
(``apt-get install libreoffice-writer chromium fonts-noto-cjk``); without them, or with
``--skip-pdf``, only the DOCX files and the reportlab PDFs are written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from generate import drawn, web, word
from generate.convert import print_html, soffice_convert
from generate.spec import ReportSpec, check_spec, truth
from generate.specs import REPORTS

HERE = Path(__file__).resolve().parent
REPORTS_DIR = HERE / "reports"
TRUTH_DIR = HERE / "truth"


def write_truth(spec: ReportSpec, document: Path) -> Path:
    out = TRUTH_DIR / f"{document.name}.json"
    text = json.dumps(truth(spec, document), ensure_ascii=False, indent=2)
    out.write_text(text + "\n", encoding="utf-8")
    return out


def wrote(spec: ReportSpec, path: Path) -> None:
    write_truth(spec, path)
    print(f"wrote {path.relative_to(HERE.parent)}")


def build_word(specs: list[ReportSpec], scratch: Path, external: bool) -> None:
    """DOCX files, then their LibreOffice PDFs and ODTs (converted from a scratch copy if needed)."""
    sources: dict[str, list[Path]] = {"pdf": [], "odt": []}
    for spec in specs:
        keep = "docx" in spec.outputs
        path = (REPORTS_DIR if keep else scratch) / f"{spec.stem}.docx"
        word.save_docx(word.build_report(spec), path)
        if keep:
            wrote(spec, path)
        for fmt in sources:
            if fmt in spec.outputs:
                sources[fmt].append(path)
    if not external:
        return
    by_stem = {s.stem: s for s in specs}
    for fmt, paths in sources.items():
        for out in soffice_convert(paths, REPORTS_DIR, fmt):
            wrote(by_stem[out.stem], out)


def build_web(specs: list[ReportSpec], scratch: Path, external: bool) -> None:
    if not external:
        return
    for spec in specs:
        html = scratch / f"{spec.stem}.html"
        html.write_text(web.build_html(spec), encoding="utf-8")
        pdf = REPORTS_DIR / f"{spec.stem}.pdf"
        if print_html(html, pdf):
            wrote(spec, pdf)


def build_drawn(specs: list[ReportSpec]) -> None:
    for spec in specs:
        pdf = REPORTS_DIR / f"{spec.stem}.pdf"
        drawn.draw_report(spec, pdf)
        wrote(spec, pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-pdf", action="store_true",
                        help="skip LibreOffice and Chromium (write the DOCX files and reportlab PDFs only)")
    parser.add_argument("--truth-only", action="store_true",
                        help="rewrite the truth JSON of every document already in samples/reports, build nothing")
    parser.add_argument("--only", nargs="+", metavar="STEM", default=None,
                        help="build only these reports (by stem, e.g. 110_keelung), leaving every other file as it is")
    args = parser.parse_args(argv)
    specs = list(REPORTS)
    if args.only is not None:
        unknown = sorted(set(args.only) - {s.stem for s in REPORTS})
        if unknown:
            parser.error(f"no report spec named {', '.join(unknown)}")
        specs = [s for s in REPORTS if s.stem in args.only]
    if args.truth_only:
        for spec in specs:
            check_spec(spec)
            for suffix in spec.outputs:
                document = REPORTS_DIR / f"{spec.stem}.{suffix}"
                if document.exists():
                    wrote(spec, document)
        return 0
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    TRUTH_DIR.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        check_spec(spec)
    by_builder = {b: [s for s in specs if s.builder == b] for b in ("docx", "html", "reportlab")}
    with tempfile.TemporaryDirectory(prefix="kaohe-samples-") as tmp:
        scratch = Path(tmp)
        build_word(by_builder["docx"], scratch, not args.skip_pdf)
        build_web(by_builder["html"], scratch, not args.skip_pdf)
        build_drawn(by_builder["reportlab"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
