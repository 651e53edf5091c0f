"""Scanned versions of sample reports, and their truth, for the OCR reader (``parsers.scan``).

Each scan is made from a text sample of samples/reports the way an office makes one: every page
printed and scanned into a PDF of pictures (no text layer), or only the signed summary page
scanned into an otherwise text report. The truth is the original's, figure for figure, with
producer ``scan`` and the scan's layout: a scan must read as its original does.

    clean300  300 dpi, clean
    gray200   200 dpi, greyscale
    noisy     200 dpi, noise, JPEG at quality 55, turned by 0.8 degrees
    seal      300 dpi, a red seal stamped over the summary table's figures
    mixed     the text report with its summary page replaced by a sealed 300 dpi scan of it

The scans live in samples/scans (not samples/reports: OCR costs seconds a page, and the suite
reads samples/reports many times over); ``make eval`` reads both. Deterministic: a fixed seed.

    python samples/make_scans.py
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).parent
REPORTS = HERE / "reports"
TRUTH = HERE / "truth"
SCANS = HERE / "scans"
SCAN_TRUTH = HERE / "scans_truth"
SEED = 20241201
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


@dataclass(frozen=True)
class Scan:
    source: str  # a PDF of samples/reports
    name: str  # the scan's file name
    kind: str  # clean300, gray200, noisy, seal, mixed


SCAN_LIST = (
    Scan("110_keelung.pdf", "110_keelung_scan300.pdf", "clean300"),
    Scan("111_kaohsiung.pdf", "111_kaohsiung_scan200.pdf", "gray200"),
    Scan("110_taichung.pdf", "110_taichung_scan_noisy.pdf", "noisy"),
    Scan("110_hsinchu.pdf", "110_hsinchu_scan_seal.pdf", "seal"),
    Scan("111_keelung_bigtable.pdf", "111_keelung_bigtable_mixed.pdf", "mixed"),
)


def render(
    pdf: Path, dpi: int, first: int | None = None, last: int | None = None, gray: bool = False
) -> list[Image.Image]:
    """The pages of ``pdf`` as pictures, by poppler's pdftoppm (what a print-and-scan keeps)."""
    with tempfile.TemporaryDirectory() as tmp:
        args = ["pdftoppm", "-r", str(dpi), "-png"] + (["-gray"] if gray else [])
        args += (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
        subprocess.run([*args, str(pdf), f"{tmp}/p"], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"))]


def noisy(page: Image.Image, rng: random.Random) -> Image.Image:
    """Speckles, a slight blur, a turn of 0.8 degrees and JPEG artefacts."""
    draw = ImageDraw.Draw(page)
    for _ in range(4000):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        shade = rng.randrange(0, 160)
        draw.point((x, y), fill=(shade, shade, shade))
    turned = page.filter(ImageFilter.GaussianBlur(0.6)).rotate(0.8, resample=Image.BICUBIC, fillcolor="white")
    buffer = io.BytesIO()
    turned.save(buffer, "JPEG", quality=55)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def seal_spot(pdf: Path, number: int, figure: float) -> tuple[float, float]:
    """Where (points) the summary page prints ``figure``, dimension 3's summary figure: the seal
    is stamped there, over it and its neighbours."""
    import pdfplumber

    text = f"{figure:g}"
    with pdfplumber.open(pdf) as doc:
        words = [w for w in doc.pages[number - 1].extract_words() if w["text"] == text]
    word = words[-1]
    return (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2


def sealed(page: Image.Image, dpi: int, spot: tuple[float, float]) -> Image.Image:
    """A round red seal stamped, translucent, over the summary table's figures (the unit's 印)."""
    seal = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    scale = dpi / 72
    cx, cy, r = spot[0] * scale, spot[1] * scale, 45 * scale
    red = (215, 30, 35, 150)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(5 * scale))
    font = ImageFont.truetype(FONT, int(26 * scale))
    for i, ch in enumerate("分局之印"):
        x = cx + (-1 if i % 2 == 0 else 0.05) * 28 * scale
        y = cy + (-1 if i < 2 else 0.05) * 30 * scale
        draw.text((x, y), ch, font=font, fill=red)
    out = page.convert("RGBA")
    out.alpha_composite(seal)
    return out.convert("RGB")


def summary_page(pdf: Path) -> int:
    """The 1-based page that holds 自行考核結果統計表 (the last one that names it)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    return max(i + 1 for i, p in enumerate(pages) if "考核結果統計表" in p)


def to_pdf(pages: list[Image.Image], dpi: int, path: Path) -> None:
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)


def truth_of(scan: Scan) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH / f"{scan.source}.json").read_text(encoding="utf-8"))
    return data


def make(scan: Scan, rng: random.Random) -> None:
    source = REPORTS / scan.source
    target = SCANS / scan.name
    if scan.kind == "clean300":
        to_pdf(render(source, 300), 300, target)
    elif scan.kind == "gray200":
        to_pdf([p.convert("L").convert("RGB") for p in render(source, 200, gray=True)], 200, target)
    elif scan.kind == "noisy":
        to_pdf([noisy(p, rng) for p in render(source, 200)], 200, target)
    elif scan.kind == "seal":
        pages = render(source, 300)
        last = summary_page(source) - 1
        pages[last] = sealed(pages[last], 300, seal_spot(source, last + 1, truth_of(scan)["summary"]["3"]))
        to_pdf(pages, 300, target)
    elif scan.kind == "mixed":
        number = summary_page(source)
        with tempfile.TemporaryDirectory() as tmp:
            picture = Path(tmp) / "summary.pdf"
            spot = seal_spot(source, number, truth_of(scan)["summary"]["3"])
            to_pdf([sealed(render(source, 300, number, number)[0], 300, spot)], 300, picture)
            count = int(next(line.split()[1] for line in subprocess.run(
                ["pdfinfo", str(source)], check=True, capture_output=True, text=True).stdout.splitlines()
                if line.startswith("Pages:")))
            pages = [f"{source}", f"1-{number - 1}", str(picture), "1"]
            if number < count:
                pages += [str(source), f"{number + 1}-{count}"]
            subprocess.run(["qpdf", "--empty", "--pages", *pages, "--", str(target)], check=True)
    truth = truth_of(scan)
    truth["source_file"] = scan.name
    truth["producer"] = "scan"
    truth["layout"] = f"scan-{scan.kind}"
    (SCAN_TRUTH / f"{scan.name}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def main() -> None:
    SCANS.mkdir(exist_ok=True)
    SCAN_TRUTH.mkdir(exist_ok=True)
    rng = random.Random(SEED)
    for scan in SCAN_LIST:
        make(scan, rng)
        print(f"{scan.name}: {scan.kind} from {scan.source}")


if __name__ == "__main__":
    main()
