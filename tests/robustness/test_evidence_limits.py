"""The evidence pictures are made under the file's limits, and a file that defeats the renderer
keeps its rows.

pdfplumber never draws a page, so a PDF can pass the reader and still be hostile to pdfium when
report.html crops its pictures: an annotation whose appearance draws a form that draws the next
one twice, forty deep, is 2⁴⁰ drawings. Rendering used to run in the main process with no limit.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import numpy
import pypdfium2
import pytest

import pipeline.write.auditor  # noqa: F401  # imported before the address space is measured
from pipeline.api import extract
from pipeline.document import BBox
from pipeline.options import Limits, Options
from pipeline.results import Evidence
from pipeline.write.evidence import render_shots
from pipeline.write.shots import Wanted
from tests.conftest import SAMPLES

MIB = 1024 * 1024


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def annotated_pdf(depth: int) -> bytes:
    """A page printing ``85`` under a square annotation whose appearance paints the page green:
    at depth 1 directly, deeper through forms that each draw the next one twice (2**(depth-1))."""
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R] "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        _stream(b"", b"BT /F1 24 Tf 100 700 Td (85) Tj ET"),
        b"<< /Type /Annot /Subtype /Square /Rect [0 0 612 792] /AP << /N 6 0 R >> >>",
    ]
    for level in range(depth):
        if level == depth - 1:
            objects.append(_stream(form, b"0 1 0 rg 0 0 612 792 re f"))
        else:
            objects.append(_stream(form + b" /Resources << /XObject << /X %d 0 R >> >>" % (7 + level), b"/X Do /X Do"))
    return _pdf(objects)


WANTED = {"total": Wanted(Evidence("85", 1, BBox(90, 60, 150, 110)), "85")}


def _greens(image: str) -> int:
    import base64
    import io

    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(image.split(",", 1)[1]))).convert("RGB")
    return sum(n for n, (r, g, b) in picture.getcolors(1 << 20) or [] if g > 200 and r < 60 and b < 60)


def test_annotations_are_not_drawn_into_the_evidence(tmp_path: Path) -> None:
    path = tmp_path / "annotation-over-the-figure.pdf"
    path.write_bytes(annotated_pdf(1))
    shot = render_shots(path, WANTED)["total"]
    assert shot.image, "the page itself is pictured"
    assert _greens(shot.image) == 0, "the annotation's appearance was drawn"


def test_an_annotation_bomb_is_pictured_at_once_in_a_limited_worker(tmp_path: Path) -> None:
    from pipeline.write.render_pool import render_evidence

    path = tmp_path / "annotation-appearance-nested-2-to-the-40.pdf"
    path.write_bytes(annotated_pdf(40))
    started = time.perf_counter()
    shots = render_evidence({"r1": (path, path.name, WANTED)}, Limits(workers=1, timeout=20))
    assert time.perf_counter() - started < 20
    assert shots["r1"]["total"].image and not shots["r1"]["total"].reason


def misbehaving_render(self: Any, *args: Any, **kwargs: Any) -> Any:
    """pdfium's render, unless the file's name says to hang or to take ever more memory."""
    name = Path(str(self.pdf._input)).name
    if name.startswith("hang") and not HUNG:
        HUNG.append(name)  # once per process: enough to pass any time limit, and a run without one ends
        time.sleep(120)
    if name.startswith("hog"):  # address space only (never touched): harmless where there is no limit
        chunks = [numpy.empty(64 * MIB, dtype=numpy.uint8) for _ in range(200)]
        del chunks
    return REAL_RENDER(self, *args, **kwargs)


REAL_RENDER = pypdfium2.PdfPage.render
HUNG: list[str] = []


def test_a_file_whose_pictures_cannot_be_made_keeps_its_rows_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / "110_taichung.pdf", inbox / "hang.pdf")
    shutil.copy(SAMPLES / "110_keelung.pdf", inbox / "hog.pdf")
    shutil.copy(SAMPLES / "110_tainan.pdf", inbox / "good.pdf")
    monkeypatch.setattr(pypdfium2.PdfPage, "render", misbehaving_render)
    out = tmp_path / "out"
    limits = Options(workers=2, timeout=30, max_memory=_vm_size() + 1024 * MIB, cache=False, lang="en")
    started = time.perf_counter()
    results = extract(inbox, out, limits)
    assert time.perf_counter() - started < 110, "the hanging render is stopped at the time limit"
    statuses = {r.source_file: (r.status, r.error) for r in results}
    assert statuses == dict.fromkeys(["good.pdf", "hang.pdf", "hog.pdf"], ("ok", "")), "reading is not the test"
    page = (out / "report.html").read_text(encoding="utf-8")
    sections = {name: _section(page, name) for name in ("good.pdf", "hang.pdf", "hog.pdf")}
    assert "data:image/png" in sections["good.pdf"] and "no picture" not in sections["good.pdf"]
    for name, reason in [("hang.pdf", "time limit (--timeout)"), ("hog.pdf", "memory limit (--max-memory)")]:
        section = sections[name]
        assert "data:image/png" not in section
        assert "no picture: rendering" in section and reason in section, name
        items = section[section.index('<table class="items">') :]
        assert items[: items.index("</table>")].count("<tr") == 1 + 11, "every item's row is there"
    log = (out / "kaohe.log").read_text(encoding="utf-8")
    assert "hang.pdf: no evidence pictures" in log and "hog.pdf: no evidence pictures" in log


def _section(page: str, name: str) -> str:
    """The report's part of the page about one file: its section, up to the next report's."""
    start = page.index(f"<h3>{name} ")
    end = page.find('<details id="r', start)
    return page[start : end if end >= 0 else page.index("</section>", start)]
