"""The OCR engine: RapidOCR with the PP-OCR models inside its wheel, checked before use.

Nothing is downloaded at run time: the models ship in the ``rapidocr`` wheel (pinned in
pyproject.toml) and each is checked against the SHA-256 recorded here before the engine is
built, so an upgraded or tampered wheel is refused with a sentence instead of silently reading
other figures. One ONNX thread per worker: kaohe already reads one file per core, and ONNX's own
thread pool on top of that only makes the workers fight for the same cores.

The engine is built once per process, on the first page that needs it: a batch of text PDFs
never pays its second and a half of loading.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import KaoheError
from pipeline.i18n import _

log = logging.getLogger(__name__)

#: The models kaohe was measured with (rapidocr 3.10.0's wheel), by file name.
MODEL_SHA256 = {
    "PP-OCRv6_det_small.onnx": "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
    "PP-OCRv6_rec_small.onnx": "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
}


class OcrEngineError(KaoheError):
    """The OCR engine cannot be used: its models are not the ones kaohe was measured with."""


@dataclass(frozen=True)
class OcrChar:
    """One recognised character and its box in the image's pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def check_models(folder: Path) -> None:
    """Refuse models whose bytes are not the measured ones (``OcrEngineError`` with a sentence)."""
    for name, expected in MODEL_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise OcrEngineError(_("OCR model missing: {name} is not in the rapidocr package; reinstall kaohe")
                .format(name=name))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            raise OcrEngineError(
                _(
                    "OCR model {name} is not the one kaohe was measured with (SHA-256 {digest}…); "
                    "install the rapidocr version pinned in pyproject.toml"
                ).format(name=name, digest=digest[:12])
            )


@cache
def _engine() -> Any:
    folder = model_dir()
    check_models(folder)
    from rapidocr import RapidOCR

    params = {
        "Global.log_level": "error",
        "Global.use_cls": False,  # pages are straightened from their rules before OCR
        "Det.model_path": str(folder / "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": str(folder / "PP-OCRv6_rec_small.onnx"),
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidOCR(params=params)


def recognise(image: np.ndarray) -> list[list[OcrChar]]:
    """The text lines the engine finds in an RGB image, each as its characters with boxes."""
    result = _engine()(image, return_word_box=True)
    lines: list[list[OcrChar]] = []
    if result is None or result.boxes is None:  # nothing recognised on the page
        return []
    for line in result.word_results or ():
        chars = []
        for piece in line:
            if len(piece) != 3:  # the engine's placeholder for a line it could not split
                continue
            text, score, box = piece
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            if text.strip():
                chars.append(OcrChar(text, min(xs), min(ys), max(xs), max(ys), float(score)))
        if chars:
            lines.append(chars)
    return lines
