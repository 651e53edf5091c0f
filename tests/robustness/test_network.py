"""No network, ever: reading a file never connects anywhere, whatever links it holds.

A loopback listener counts every connection made to it; each test plants links to it in a
file, reads the file as kaohe does, and the listener must have seen nothing. The listener is
first shown to count (one connection of the test's own), so a zero means something.

The .doc case needs LibreOffice (it is skipped without one): a .doc whose ``INCLUDEPICTURE``
field links a picture on the listener, made by LibreOffice from an HTML page with that
picture, is converted once with kaohe's strongest isolation and once with the profile alone
(as where ``unshare`` is not permitted). LibreOffice fetches that picture when nothing stops it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers import doc as doc_parser
from parsers import offline
from pipeline.batch import run_batch
from pipeline.options import Limits, ReadContext
from pipeline.rubric import load_rubric
from tests.conftest import SAMPLES


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = int(self.server.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.settimeout(0.5)
            try:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            finally:
                conn.close()

    def seen_after(self, seconds: float = 1.0) -> int:
        time.sleep(seconds)  # a fetch started late still lands before the count is read
        return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    listening = Listener()
    try:
        with pytest.raises(OSError):  # 404: the test's own request, counted
            urllib.request.urlopen(listening.url("probe"), timeout=5)
        assert listening.seen_after(0.2) == 1, "the listener counts connections"
        listening.connections = 0
        yield listening
    finally:
        listening.close()


# --- DOCX, ODT and PDF: kaohe's own readers never fetch ---------------------------------------

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _docx_with_links(path: Path, listener: Listener) -> None:
    with zipfile.ZipFile(SAMPLES / "110_keelung.docx") as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    rels = members["word/_rels/document.xml.rels"].decode()
    kinds = {"rIdX1": ("image", "docx-image.png"), "rIdX2": ("hyperlink", "docx-link"),
             "rIdX3": ("attachedTemplate", "docx-template.dotm")}
    external = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{listener.url(name)}" TargetMode="External"/>'
        for rid, (kind, name) in kinds.items()
    )
    members["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", external + "</Relationships>").encode()
    body = members["word/document.xml"].decode()
    fields = (
        f'<w:p><w:fldSimple w:instr=\' INCLUDEPICTURE "{listener.url("docx-field.png")}" \\d \'>'
        '<w:r><w:t>picture</w:t></w:r></w:fldSimple>'
        '<w:hyperlink r:id="rIdX2"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'
    )
    members["word/document.xml"] = body.replace("<w:body>", "<w:body>" + fields, 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _odt_with_links(path: Path, listener: Listener) -> None:
    with zipfile.ZipFile(SAMPLES / "110_tainan.odt") as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    content = members["content.xml"].decode()
    links = (
        '<text:p xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
        f'<draw:frame><draw:image xlink:href="{listener.url("odt-image.png")}" xlink:type="simple"/></draw:frame>'
        f'<text:a xlink:href="{listener.url("odt-link")}" xlink:type="simple">link</text:a></text:p>'
        f'<text:section text:name="linked"><text:section-source xlink:href="{listener.url("odt-section.odt")}" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"/></text:section>'
    )
    members["content.xml"] = content.replace("<office:text>", "<office:text>" + links, 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), members.pop("mimetype"))
        for name, data in members.items():
            zf.writestr(name, data)


def _pdf_with_links(path: Path, listener: Listener) -> None:
    """One page of text with a URI link, a link to a remote PDF and an image whose data is a URL."""
    text = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET /Im1 Do"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (%s) >> >>" % listener.url("pdf-open").encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R 6 0 R] "
        b"/Resources << /Font << /F1 7 0 R >> /XObject << /Im1 8 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (%s) >> >>"
        % listener.url("pdf-link").encode(),
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /GoToR /F << /FS /URL /F (%s) >> /D [0] >> >>"
        % listener.url("pdf-remote.pdf").encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 0 /F << /FS /URL /F (%s) >> >>\nstream\n\nendstream" % listener.url("pdf-image").encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_docx_odt_and_pdf_links_are_never_fetched(tmp_path: Path, listener: Listener) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    _docx_with_links(inbox / "links.docx", listener)
    _odt_with_links(inbox / "links.odt", listener)
    _pdf_with_links(inbox / "links.pdf", listener)
    batch = run_batch(inbox, ReadContext(load_rubric(None)), limits=Limits(workers=2, timeout=60))
    statuses = {r.source_file: r.status for r in batch.results}
    assert statuses["links.docx"] == statuses["links.odt"] == "ok", "the reports with links were read"
    assert statuses["links.pdf"] == "failed", "the PDF was opened (it has no rubric in it)"
    assert listener.seen_after() == 0, "a reader connected to a link in the file"


# --- .doc: LibreOffice converts it with no network ---------------------------------------------

soffice = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(soffice is None, reason="LibreOffice not installed")


def _doc_with_linked_picture(tmp_path: Path, listener: Listener) -> Path:
    """A .doc with ``INCLUDEPICTURE "<listener>/doc.png" \\d``, made by LibreOffice from HTML."""
    assert soffice is not None
    page = tmp_path / "linked.html"
    page.write_text(
        f'<html><body><p>評核 linked picture</p><p><img src="{listener.url("doc.png")}" width="50" height="50">'
        "</p></body></html>",
        encoding="utf-8",
    )
    profile = (tmp_path / "make-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97",
         "--outdir", str(tmp_path), str(page)],
        check=True, capture_output=True, timeout=120,
    )
    made = tmp_path / "linked.doc"
    assert listener.url("doc.png").encode() in made.read_bytes(), "the .doc holds the linked picture's address"
    listener.seen_after(0.5)
    listener.connections = 0  # making it may have fetched the picture: only kaohe's reading counts
    return made


@needs_libreoffice
@pytest.mark.parametrize("isolation", ["strongest", "profile only"])
def test_a_linked_picture_in_a_doc_is_never_fetched(
    tmp_path: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch, isolation: str
) -> None:
    made = _doc_with_linked_picture(tmp_path, listener)
    if isolation == "profile only":  # as for a user who may not unshare
        monkeypatch.setattr(offline, "isolation", lambda: offline.Isolation((), "profile only (test)"))
    document = doc_parser.parse(made)
    assert any("linked picture" in getattr(block, "text", "") for block in document.blocks), "it was converted"
    assert listener.seen_after() == 0, f"LibreOffice fetched the linked picture ({isolation})"


@needs_libreoffice
def test_a_doc_read_by_a_worker_under_its_limits_fetches_nothing(tmp_path: Path, listener: Listener) -> None:
    made = _doc_with_linked_picture(tmp_path, listener)
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.move(made, inbox / "linked.doc")
    batch = run_batch(inbox, ReadContext(load_rubric(None)), limits=Limits(workers=1, timeout=120))
    (result,) = batch.results
    assert result.error == "no rubric items found: this does not look like a performance report", result.error
    assert listener.seen_after() == 0


def test_the_strongest_isolation_is_named_and_the_profile_points_at_a_closed_port(tmp_path: Path) -> None:
    how = offline.isolation()
    assert how.description
    with offline.closed_port() as port:
        offline.write_profile(tmp_path, port)
        settings = (tmp_path / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        for scheme in ("HTTP", "HTTPS", "FTP"):
            assert f'oor:name="ooInet{scheme}ProxyPort" oor:op="fuse"><value>{port}<' in settings
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2)


def test_ocr_reads_a_scanned_page_with_no_network_at_all() -> None:
    """The engine's models ship in its wheel: building it and reading a page of the mixed scan
    sample works in a process that has no network (``unshare -n``), so nothing is downloaded."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], check=False).returncode != 0:
        pytest.skip("unshare -rn is not permitted here")
    scan = SAMPLES.parent / "scans" / "111_keelung_bigtable_mixed.pdf"
    code = (
        "import sys, pdfplumber; from parsers import scan\n"
        f"page = pdfplumber.open({str(scan)!r}).pages[12]\n"
        "assert scan.ocr_page(page) is not None\n"
        "text = ''.join(c['text'] for c in page.chars)\n"
        "print(len(page.chars), '基隆分局' in text)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([unshare, "-rn", sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    count, unit_found = done.stdout.split()
    assert int(count) > 100 and unit_found == "True"
