"""Build samples/bad/: one file for every kind of bad input kaohe must answer clearly.

    .venv/bin/python samples/make_bad_samples.py      (needs qpdf; the output is committed)

Each file is a case of the README's "Files that cannot be read"; tests/robustness checks the
status and sentence kaohe gives it. Most are made from the good samples in samples/reports
(broken, encrypted, renamed, copied); the PDFs that need a hand-made structure (no text layer,
no Unicode map, circular references, deep nesting, thousands of pages) are written here byte
by byte, and ZIP packages are written with fixed timestamps, so a rebuild gives the same files
except the encrypted PDFs (qpdf salts its encryption at random).

fuzz_seeds/ holds the small documents tests/robustness/test_fuzz.py mutates.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
BAD = HERE / "bad"
PDF = REPORTS / "110_taichung_drawn.pdf"  # small (10 pages, fonts not embedded) and read as ok
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
BOMB_BYTES = 64 * 1024 * 1024


def main() -> None:
    if BAD.exists():
        shutil.rmtree(BAD)
    (BAD / "fuzz_seeds").mkdir(parents=True)
    pdf = PDF.read_bytes()
    (BAD / "empty.pdf").write_bytes(b"")
    (BAD / "truncated.pdf").write_bytes(pdf[: len(pdf) * 2 // 5])
    (BAD / "broken_xref.pdf").write_bytes(shift_xref(pdf, 7))
    qpdf("--encrypt", "user-secret", "owner-secret", "256", "--", str(PDF), str(BAD / "encrypted_user_password.pdf"))
    qpdf("--encrypt", "", "owner-secret", "256", "--", str(PDF), str(BAD / "encrypted_owner_only.pdf"))
    (BAD / "text_named.docx").write_text("這不是 Word 檔，只是改了副檔名的文字檔。\n", encoding="utf-8")
    shutil.copy(REPORTS / "111_kaohsiung.docx", BAD / "docx_named.pdf")
    write_zip(BAD / "not_a_report.docx", zip_members(letter_docx()))
    (BAD / "scanned.pdf").write_bytes(scanned_pdf())
    (BAD / "cid_no_unicode.pdf").write_bytes(cid_pdf())
    (BAD / "circular_reference.pdf").write_bytes(circular_pdf())
    (BAD / "deeply_nested.pdf").write_bytes(nested_pdf())
    many = BAD / "many_pages.pdf"
    many.write_bytes(many_pages_pdf(3000))
    qpdf("--object-streams=generate", "--replace-input", str(many))
    word = zip_members((REPORTS / "110_hsinchu.docx").read_bytes())
    write_zip(BAD / "zip_bomb.docx", replace(word, "word/document.xml", bomb(word["word/document.xml"])))
    odt = zip_members((REPORTS / "111_kaohsiung_typos.odt").read_bytes())
    write_zip(BAD / "zip_bomb.odt", replace(odt, "content.xml", bomb(odt["content.xml"])))
    write_zip(BAD / "entity_expansion.docx", replace(word, "word/document.xml", LAUGHS))
    core = external_core(word["docProps/core.xml"])
    write_zip(BAD / "external_entity.docx", replace(word, "docProps/core.xml", core))
    write_zip(BAD / "external_entity.odt", replace(odt, "content.xml", external_odt(odt["content.xml"])))
    write_zip(BAD / "zip_slip.docx", {**word, "../../kaohe_zip_slip.txt": b"written outside the package!\n"})
    shutil.copy(REPORTS / "110_keelung.docx", BAD / "名稱 有 空格 (副本).docx")
    shutil.copy(REPORTS / "111_keelung_bigtable.docx", BAD / "=1+1 考核.docx")
    shutil.copy(REPORTS / "110_taichung.docx", BAD / "duplicate_first.docx")
    shutil.copy(REPORTS / "110_taichung.docx", BAD / "duplicate_second.docx")
    seeds = BAD / "fuzz_seeds"
    page1 = seeds / "report_page1.pdf"
    qpdf(str(PDF), "--pages", str(PDF), "1", "--", str(page1))
    qpdf("--stream-data=uncompress", "--object-streams=disable", "--replace-input", str(page1))
    page1.write_bytes(trimmed(page1.read_bytes(), keep_text=40))
    qpdf("--compress-streams=y", "--object-streams=generate", str(page1), str(seeds / "report_page1_compressed.pdf"))
    shutil.copy(REPORTS / "110_tainan.docx", seeds / "report.docx")
    shutil.copy(REPORTS / "110_tainan.odt", seeds / "report.odt")
    for path in sorted(BAD.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>9}  {path.relative_to(HERE)}")


def qpdf(*args: str) -> None:
    done = subprocess.run(["qpdf", "--static-id", *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 3):  # 3: written, with warnings
        raise SystemExit(f"qpdf {' '.join(args)} failed: {done.stderr}")


# --- ZIP packages --------------------------------------------------------------------------


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def replace(members: dict[str, bytes], name: str, data: bytes) -> dict[str, bytes]:
    return {**members, name: data}


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """A package with fixed timestamps; an ODT's mimetype first and stored, as ODF requires."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in sorted(members.items(), key=lambda m: m[0] != "mimetype"):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def letter_docx() -> bytes:
    """A real Word document that is no report: a meeting notice."""
    document = docx.Document()
    document.add_heading("會議通知", level=1)
    document.add_paragraph("主旨：召開本局 111 年第 2 次業務協調會議，請準時出席。")
    document.add_paragraph("說明：請各單位攜帶相關資料與會。")
    table = document.add_table(rows=2, cols=2)
    cells = {(0, 0): "時間", (0, 1): "111年5月3日上午10時", (1, 0): "地點", (1, 1): "本局第一會議室"}
    for (r, c), text in cells.items():
        table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bomb(xml: bytes) -> bytes:
    """The part as it was, then 64 MiB of spaces: a thousandfold compression ratio."""
    return xml + b" " * BOMB_BYTES


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [\n <!ENTITY lol0 "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def with_doctype(xml: bytes, root: bytes, entities: bytes, use: bytes, before: bytes) -> bytes:
    """``xml`` with a DOCTYPE declaring ``entities`` before its root, and ``use`` before ``before``."""
    start = xml.index(b"<" + root)
    xml = xml[:start] + b"<!DOCTYPE " + root + b" [ " + entities + b" ]>\n" + xml[start:]
    at = xml.rindex(before)
    return xml[:at] + use + xml[at:]


def external_core(xml: bytes) -> bytes:
    """docProps/core.xml whose title is the content of /etc/passwd, if an entity were resolved."""
    entity = b'<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    return with_doctype(xml, b"cp:coreProperties", entity, b"<dc:subject>&xxe;</dc:subject>", b"</cp:coreProperties>")


def external_odt(xml: bytes) -> bytes:
    """content.xml with a local-file entity and a parameter entity fetched from the network."""
    entities = (
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;'
    )
    return with_doctype(xml, b"office:document-content", entities, b"<text:p>&xxe;</text:p>", b"</office:text>")


# --- PDFs written by hand ----------------------------------------------------------------------


def build_pdf(objects: list[bytes]) -> bytes:
    """Objects 1..n (1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, attrs: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data, attrs = zlib.compress(data, 9), attrs + b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), attrs, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page(resources: bytes) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources %s >>" % resources


def scanned_pdf() -> bytes:
    """One A4 page that is only a picture of a page: grey lines where the text would be."""
    width, height = 300, 420
    rows = (bytes(90 if 40 <= x < 260 and (y // 6) % 3 == 0 and y > 40 else 235 for x in range(width))
            for y in range(height))
    image = stream(b"".join(rows), b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8" % (width, height))
    content = stream(b"q 595 0 0 842 0 0 cm /Scan Do Q")
    return build_pdf([CATALOG, ONE_PAGE, page(b"<< /XObject << /Scan 5 0 R >> >>"), content, image])


def cid_pdf() -> bytes:
    """Text in a CID font with Identity-H encoding and no ToUnicode map: glyph numbers only."""
    lines = [b"".join(b"%04x" % (0x2000 + 37 * i + j) for j in range(24)) for i in range(12)]
    ops = b"".join(b"BT /F1 14 Tf 60 %d Td <%s> Tj ET\n" % (780 - 24 * i, line) for i, line in enumerate(lines))
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /KaoheNoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KaoheNoMap /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /KaoheNoMap /Flags 4 /FontBBox [0 -120 1000 880] "
                  b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    return build_pdf([CATALOG, ONE_PAGE, page(b"<< /Font << /F1 5 0 R >> >>"), stream(ops), font, cid, descriptor])


def circular_pdf() -> bytes:
    """The page's resources are object 6, which is object 7, which is object 6 again."""
    content = stream(b"BT /F1 12 Tf 72 760 Td (Self-evaluation report) Tj ET")
    return build_pdf([CATALOG, ONE_PAGE, page(b"6 0 R"), content, HELVETICA, b"7 0 R", b"6 0 R"])


def nested_pdf() -> bytes:
    """A text operator whose operand is an array nested 100,000 deep (1 KB once compressed)."""
    depth = 100_000
    content = stream(b"BT /F1 12 Tf 72 760 Td " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET")
    return build_pdf([CATALOG, ONE_PAGE, page(b"<< /Font << /F1 5 0 R >> >>"), content, HELVETICA])


def many_pages_pdf(count: int) -> bytes:
    """``count`` pages sharing one content stream (qpdf then packs the page objects)."""
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(count))
    leaf = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 3 0 R >>"
    return build_pdf([
        CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), b"<< /Font << /F1 5 0 R >> >>",
        stream(b"BT /F1 12 Tf 72 760 Td (Page of a very long file) Tj ET"), HELVETICA, *[leaf] * count,
    ])


def trimmed(pdf: bytes, keep_text: int) -> bytes:
    """An uncompressed one-page PDF with only its first ``keep_text`` text blocks (all rules kept):
    the title and the first rubric rows, small enough to parse a few hundred mutants quickly."""
    objects = [m[2] for m in re.finditer(rb"(?s)(\d+) 0 obj\n(.*?)\nendobj", pdf)]
    at = next(i for i, body in enumerate(objects) if b"stream\n" in body)
    content = objects[at].split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0]
    lines = content.split(b"\n")
    text = [i for i, line in enumerate(lines) if line.startswith(b"BT ")]
    drop = set(text[keep_text:])
    objects[at] = stream(b"\n".join(line for i, line in enumerate(lines) if i not in drop), compress=False)
    return build_pdf(objects)


def shift_xref(pdf: bytes, by: int) -> bytes:
    """Every offset of the cross-reference table moved by ``by`` bytes: all point beside their objects."""
    start = pdf.rindex(b"\nxref") + 1
    end = pdf.index(b"trailer", start)
    table = re.sub(rb"(\d{10})( \d{5} n)", lambda m: b"%010d%s" % (int(m[1]) + by, m[2]), pdf[start:end])
    return pdf[:start] + table + pdf[end:]


if __name__ == "__main__":
    main()
