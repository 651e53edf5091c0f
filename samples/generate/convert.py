"""The external producers: LibreOffice (DOCX → PDF / ODT) and Chromium (HTML → PDF).

Each runs in a private profile so that it is safe next to other running instances. Their
output carries the time of the run (PDF /CreationDate, /ModDate and LibreOffice's /ID, the
ODT's meta.xml, its random revision-save IDs (Rsid) and zip timestamps); those are overwritten with fixed values of the same
length, so that re-runs give the same bytes as long as the tools' versions stay the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FIXED_PDF_DATE = b"20220101000000"
FIXED_ODT_DATE = "2022-01-01T00:00:00"
ODT_TIME = (2022, 1, 1, 0, 0, 0)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def soffice_convert(sources: list[Path], outdir: Path, fmt: str) -> list[Path]:
    """Convert with LibreOffice to ``fmt`` (``pdf`` or ``odt``); [] when soffice is missing."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"soffice not found: no .{fmt} files written", file=sys.stderr)
        return []
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="kaohe-lo-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
            check=True, capture_output=True, timeout=900,
        )
    out = [outdir / f"{p.stem}.{fmt}" for p in sources]
    for path in out:
        if fmt == "pdf":
            normalize_pdf(path)
        elif fmt == "odt":
            normalize_odt(path)
    return out


def chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def print_html(html: Path, pdf: Path) -> bool:
    """Print an HTML file to PDF with headless Chromium (no header or footer lines)."""
    browser = chromium()
    if browser is None:
        print("chromium not found: the HTML reports were not printed", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory(prefix="kaohe-chromium-") as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            check=True, capture_output=True, timeout=300,
        )
    normalize_pdf(pdf)
    return True


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def normalize_pdf(path: Path) -> None:
    """Fixed dates and file ID, each replaced by bytes of the same length (offsets stay valid)."""
    data = path.read_bytes()

    def date(m: re.Match[bytes]) -> bytes:
        return m.group(0)[: m.start(1) - m.start(0)] + FIXED_PDF_DATE

    def file_id(m: re.Match[bytes]) -> bytes:
        text = m.group(0)
        for part in (m.group(1), m.group(2)):
            text = text.replace(part, b"0" * len(part))
        return text

    def checksum(m: re.Match[bytes]) -> bytes:
        return m.group(0)[: m.start(1) - m.start(0)] + b"0" * len(m.group(1))

    path.write_bytes(_PDF_CHECKSUM.sub(checksum, _PDF_ID.sub(file_id, _PDF_DATE.sub(date, data))))


_ODT_DATES = re.compile(r"<(meta:creation-date|dc:date)>[^<]*</\1>")
_ODT_DURATION = re.compile(r"<meta:editing-duration>[^<]*</meta:editing-duration>")
_ODT_RSID = re.compile(r'(<config:config-item config:name="Rsid(?:Root)?" config:type="int">)\d+(</config:config-item>)')


def normalize_odt(path: Path) -> None:
    """Fixed dates in meta.xml and fixed zip timestamps (mimetype first and stored, as ODF wants)."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in entries:
            if info.filename == "meta.xml":
                text = _ODT_DATES.sub(lambda m: f"<{m.group(1)}>{FIXED_ODT_DATE}</{m.group(1)}>", data.decode())
                data = _ODT_DURATION.sub("<meta:editing-duration>PT0S</meta:editing-duration>", text).encode()
            if info.filename == "settings.xml":
                data = _ODT_RSID.sub(r"\g<1>0\g<2>", data.decode()).encode()
            fixed = zipfile.ZipInfo(info.filename, date_time=ODT_TIME)
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
