"""parsers.package on packages built here: the caps, lying size records, names, DTD markers."""

from __future__ import annotations

import re
import socket
import struct
import zipfile
from pathlib import Path

import pytest

from parsers import docx as docx_parser
from parsers import odt as odt_parser
from parsers import package
from pipeline.errors import DamagedFileError, TooLargeError, UnsafeFileError
from tests.conftest import SAMPLES

REPORT = SAMPLES / "110_keelung.docx"


def _members(path: Path = REPORT) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _write(tmp_path: Path, members: dict[str, bytes], name: str = "t.docx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def _check(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        package.check_package(zf, "Word document")


def test_a_real_report_passes(tmp_path: Path) -> None:
    _check(REPORT)


def test_caps_on_one_part_all_parts_and_their_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    members = {**_members(), "word/media/big.bin": bytes(range(256)) * 4096}  # 1 MiB, incompressible-ish
    path = _write(tmp_path, members)
    monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 512 * 1024)
    with pytest.raises(UnsafeFileError, match=r"part word/media/big\.bin would inflate .* more than the 512 KB"):
        _check(path)
    monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 256 * 1024 * 1024)
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 1024 * 1024)
    with pytest.raises(UnsafeFileError, match=r"its parts would inflate to [\d.]+ MB in all \(a zip bomb\?\)"):
        _check(path)
    monkeypatch.setattr(package, "MAX_MEMBERS", 5)
    with pytest.raises(TooLargeError, match=r"Word document too large: it holds \d+ parts"):
        _check(path)


def test_ratio_is_only_checked_above_the_floor(tmp_path: Path) -> None:
    small = _write(tmp_path, {**_members(), "word/blank.xml": b" " * 900_000}, "small.docx")
    _check(small)  # 900 KB of spaces: a high ratio, but too small to hurt
    big = _write(tmp_path, {**_members(), "word/blank.xml": b" " * 3_000_000}, "big.docx")
    with pytest.raises(UnsafeFileError, match=r"part word/blank\.xml would inflate from .* times \(a zip bomb\?\)"):
        _check(big)


def _lie_about_size(path: Path, member: str, size: int) -> None:
    """Rewrite the central directory's uncompressed size of ``member`` (offset 24 of its header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def test_a_part_that_lies_about_its_size_is_refused_unread(tmp_path: Path) -> None:
    # recorded as 3 GB: refused from the record alone (the data is not even valid deflate)
    path = _write(tmp_path, {**_members(), "word/media/x.bin": b"\x00" * 1000})
    _lie_about_size(path, "word/media/x.bin", 3_000_000_000)
    with pytest.raises(UnsafeFileError, match=r"part word/media/x\.bin would inflate .* to 2\.8 GB"):
        _check(path)


def test_a_part_that_inflates_past_its_record_fails_without_being_held_whole(tmp_path: Path) -> None:
    # recorded as 10 bytes, inflates to 50 MB: zipfile stops at 10 bytes and the CRC check fails
    path = _write(tmp_path, {**_members(), "word/media/x.bin": b"\x00" * 50_000_000})
    _lie_about_size(path, "word/media/x.bin", 10)
    with pytest.raises(DamagedFileError, match=r"damaged Word document: part word/media/x\.bin cannot be inflated"):
        _check(path)
    with pytest.raises(DamagedFileError):
        docx_parser.parse(path)


OUTSIDE = ["../../x.txt", "/etc/x", "\\\\server\\x", "C:\\x.txt", "word/../../x", "a\\..\\..\\x"]


@pytest.mark.parametrize("name", OUTSIDE)
def test_names_out_of_the_package_are_refused(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, {**_members(), name: b"x"})
    with pytest.raises(UnsafeFileError, match="a path out of the package"):
        docx_parser.parse(path)


DTD = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_a_doctype_in_any_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    # python-docx's parser (libxml2) reads every one of these encodings, so the check must too
    members = _members()
    xml = members["word/styles.xml"].decode()
    xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').replace("?>", "?>" + DTD, 1)
    path = _write(tmp_path, {**members, "word/styles.xml": xml.encode(encoding)})
    with pytest.raises(UnsafeFileError, match=r"part word/styles\.xml declares a DOCTYPE"):
        docx_parser.parse(path)


def test_a_part_declared_xml_by_content_type_is_scanned_whatever_its_name(tmp_path: Path) -> None:
    members = _members()
    types = members["[Content_Types].xml"].decode()
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.custom+xml"/></Types>')
    members = {**members, "[Content_Types].xml": types.encode(), "word/custom.bin": f"{DTD}<x>&e;</x>".encode()}
    with pytest.raises(UnsafeFileError, match=r"part word/custom\.bin declares a DOCTYPE"):
        docx_parser.parse(_write(tmp_path, members))


def test_an_svg_picture_with_a_doctype_is_not_a_reason_to_refuse(tmp_path: Path) -> None:
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    document = docx_parser.parse(_write(tmp_path, {**_members(), "word/media/logo.svg": svg}))
    assert document.blocks


def test_odt_packages_get_the_same_checks(tmp_path: Path) -> None:
    members = _members(SAMPLES / "110_tainan.odt")
    path = tmp_path / "t.odt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), members.pop("mimetype"))
        for member, data in {**members, "../evil.txt": b"x"}.items():
            zf.writestr(member, data)
    with pytest.raises(UnsafeFileError, match=r"unsafe ODT document: a part is named '\.\./evil\.txt'"):
        odt_parser.parse(path)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_an_external_entity_is_never_fetched(tmp_path: Path, kind: str) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/entities.dtd"
        dtd = f'<!DOCTYPE x [<!ENTITY % remote SYSTEM "{url}"> %remote; <!ENTITY e SYSTEM "{url}">]>'
        if kind == "docx":
            members = _members()
            xml = members["word/document.xml"].decode().replace("?>", "?>" + dtd, 1)
            path, parse = _write(tmp_path, {**members, "word/document.xml": xml.encode()}), docx_parser.parse
        else:
            members = _members(SAMPLES / "110_tainan.odt")
            xml = members["content.xml"].decode().replace("?>", "?>" + dtd, 1)
            path, parse = _write(tmp_path, {**members, "content.xml": xml.encode()}, "t.odt"), odt_parser.parse
        with pytest.raises(UnsafeFileError, match="declares a DOCTYPE"):
            parse(path)
        with pytest.raises(TimeoutError):
            server.accept()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-32-be"])
def test_a_doctype_is_refused_in_the_parts_python_docx_reads_first(tmp_path: Path, encoding: str) -> None:
    members = _members()
    for name in ("word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"):
        xml = members[name].decode()
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').replace("?>", "?>" + DTD, 1)
        path = _write(tmp_path, {**members, name: xml.encode(encoding)})
        with pytest.raises(UnsafeFileError, match=rf"part {re.escape(name)} declares a DOCTYPE"):
            docx_parser.parse(path)


def test_a_part_name_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    name = "word/\x1b[31mred\nline.xml"
    path = _write(tmp_path, {**_members(), name: f"<?xml version='1.0'?>{DTD}<x/>".encode()})
    with pytest.raises(UnsafeFileError) as raised:
        docx_parser.parse(path)
    assert raised.value.message.startswith("unsafe Word document: part word/\\x1b[31mred\\nline.xml declares")
