"""The picture side of scanned pages (parsers/scan.py): red seals out, straightening, rules,
characters that touch, and which pages count as scanned; the models' checksum (ocr_engine).

These draw their pictures with PIL and need no OCR: the engine itself is exercised end to end
by tests/e2e/test_scans.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from PIL import Image, ImageDraw

from parsers import ocr_engine, scan
from parsers.ocr_engine import OcrChar, OcrEngineError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _grid(width: int = 1400, height: int = 900, angle: float = 0.0) -> np.ndarray:
    """A table of 3 rows x 4 columns, rules 2 px, on white; turned by ``angle`` degrees.

        +-----+-----+-----+-----+   y = 100, 300, 500, 700
        |     |     |     |     |   x = 100, 400, 700, 1000, 1300
        +-----+-----+-----+-----+
    """
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    for y in (100, 300, 500, 700):
        draw.line((100, y, 1300, y), fill="black", width=2)
    for x in (100, 400, 700, 1000, 1300):
        draw.line((x, 100, x, 700), fill="black", width=2)
    draw.text((150, 150), "85", fill="black")  # a short stroke is no rule
    if angle:
        picture = picture.rotate(angle, resample=Image.BICUBIC, fillcolor="white")
    return np.asarray(picture)


def test_rules_are_found_and_characters_are_not() -> None:
    rules = scan.find_rules(_grid())
    horizontal = sorted(round(r[1]) for r in rules if r[1] == r[3])
    vertical = sorted(round(r[0]) for r in rules if r[0] == r[2])
    assert all(abs(y - want) <= 2 for y, want in zip(horizontal, (100, 300, 500, 700), strict=True))
    assert len(horizontal) == 4 and len(vertical) == 5
    assert all(type(v) is float for r in rules for v in r), "numpy numbers cannot go into the cache"
    assert all(abs(x - want) <= 2 for x, want in zip(vertical, (100, 400, 700, 1000, 1300), strict=True))


@pytest.mark.parametrize("angle", [0.0, 0.8, -1.5])
def test_the_tilt_of_a_scan_is_read_from_its_rules_and_undone(angle: float) -> None:
    tilted = _grid(angle=angle)
    measured = scan.skew_angle(tilted)
    assert measured == pytest.approx(-angle, abs=0.15)  # image rows go down: PIL's turn reads negative
    straight = scan.rotate(tilted, measured) if abs(measured) >= scan.MIN_SKEW else tilted
    rules = scan.find_rules(straight)
    assert sum(1 for r in rules if r[1] == r[3]) == 4 and sum(1 for r in rules if r[0] == r[2]) == 5


def test_red_seal_ink_is_removed_remembered_and_boxed_while_dark_strokes_stay() -> None:
    picture = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((100, 100, 140, 180), fill="black")  # a figure's stroke
    draw.ellipse((80, 80, 300, 300), outline=(215, 30, 35), width=8)  # the seal over it
    clean, red = scan.remove_red(np.asarray(picture))
    assert (clean[150, 120] < 50).all(), "the black stroke under the seal is kept"
    assert (clean[190, 84] == 255).all(), "the seal's red is gone"
    assert red[190, 84] == 255 and red[20, 20] == 0
    (box,) = scan.seal_boxes(red, 72 / 200)
    assert box.x0 == pytest.approx(80 * 72 / 200, abs=2) and box.bottom == pytest.approx(300 * 72 / 200, abs=2)


def test_a_rule_crossed_by_a_translucent_seal_stays_one_rule() -> None:
    """The case of samples/scans/110_hsinchu_scan_seal.pdf: where a seal's ring crosses a thin
    rule, the rule's pixels beside the red are black and must not be whitened with the red's
    fringe, or the rule falls apart into pieces too short to be a rule."""
    picture = Image.new("RGB", (700, 400), "white")
    ImageDraw.Draw(picture).line((50, 200, 650, 200), fill="black", width=2)
    seal = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    for i in range(6):  # rings crossing the rule every few dozen pixels, like a seal's characters
        draw.ellipse((150 + 40 * i, 120, 230 + 40 * i, 280), outline=(215, 30, 35, 150), width=9)
    stamped = picture.convert("RGBA")
    stamped.alpha_composite(seal)
    small = stamped.convert("RGB").resize((467, 267), Image.BILINEAR)  # a 300 dpi scan read at 200
    clean, _ = scan.remove_red(np.asarray(small))
    horizontal = [r for r in scan.find_rules(clean) if r[1] == r[3]]
    assert len(horizontal) == 1, horizontal
    x0, _, x1, _ = horizontal[0]
    assert x0 <= 36 and x1 >= 430


def test_a_recognised_lines_characters_touch_but_a_real_space_stays() -> None:
    line = [OcrChar("得", 0, 0, 30, 40, 1.0), OcrChar("分", 45, 0, 75, 40, 1.0),
            OcrChar("85", 150, 0, 190, 40, 1.0)]
    chars = scan._touching(line)
    assert [c.text for c in chars] == ["得", "分", "8", "5"]
    assert chars[0].x1 == chars[1].x0 == 45, "a gap inside a word is closed"
    assert chars[1].x1 == 75, "a gap wider than half the line's height is a space"
    assert chars[2].x1 == chars[3].x0 == 170, "a piece of two characters is shared between them"


def test_only_a_page_that_is_a_picture_without_text_is_scanned() -> None:
    with pdfplumber.open(SAMPLES / "bad" / "scanned.pdf") as pdf:
        assert scan.is_scanned(pdf.pages[0])
    with pdfplumber.open(SAMPLES / "reports" / "110_keelung.pdf") as pdf:
        assert not scan.is_scanned(pdf.pages[0])
    with pdfplumber.open(SAMPLES / "bad" / "cid_no_unicode.pdf") as pdf:
        assert not scan.is_scanned(pdf.pages[0]), "text without a Unicode map is no picture"


def test_models_that_are_not_the_measured_ones_are_refused(tmp_path: Path) -> None:
    ocr_engine.check_models(ocr_engine.model_dir())  # the installed wheel's: accepted
    for name in ocr_engine.MODEL_SHA256:
        (tmp_path / name).write_bytes(b"not a model")
    with pytest.raises(OcrEngineError, match="not the one kaohe was measured with"):
        ocr_engine.check_models(tmp_path)
    (tmp_path / next(iter(ocr_engine.MODEL_SHA256))).unlink()
    with pytest.raises(OcrEngineError, match="OCR model missing"):
        ocr_engine.check_models(tmp_path)


class _FailingEngine:
    """Stands in for RapidOCR: raises what ONNX Runtime raises."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, image: np.ndarray, **_: object) -> None:
        raise RuntimeError(self.message)


def test_an_engine_failure_is_said_as_such_with_its_page_not_as_a_damaged_pdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from parsers import pdf
    from pipeline.options import ParseSettings

    message = "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running Conv node."
    monkeypatch.setattr(ocr_engine, "_engine", lambda: _FailingEngine(message))
    with pytest.raises(ocr_engine.OcrFailedError) as caught:
        pdf.parse(SAMPLES / "bad" / "scanned.pdf", settings=ParseSettings(ocr=True))
    assert str(caught.value).startswith("OCR failed on page 1: RuntimeError: [ONNXRuntimeError]")
    assert "damaged" not in str(caught.value)


def test_an_allocation_the_engine_could_not_make_is_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    message = "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : std::bad_alloc"
    monkeypatch.setattr(ocr_engine, "_engine", lambda: _FailingEngine(message))
    with pytest.raises(MemoryError):  # the batch says: more than the --max-memory limit
        ocr_engine.recognise(np.full((64, 64, 3), 255, np.uint8), page=2)
