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

#: The text detector sees the page scaled so that its longer side is this many pixels at most.
#: The detector's memory grows with the pixels it is given: at the engine's default (the longer
#: side up to 2000 pixels, about 1400 × 2000 for an A4 page at 200 dpi) one page took some 720 MB
#: over the worker's own, and a forked worker under the 2 GiB address-space limit ran out in
#: ONNX Runtime; at 1280 it takes about 330 MB. Only finding where the lines are is done at
#: this size: each line is recognised from the full-resolution picture, so digits stay sharp.
DET_SIDE = 1280
#: Text lines recognised together. The recogniser pads every line of a batch to the batch's
#: widest, and its memory grows faster than the width: with the engine's six, a page whose
#: title runs the width of the page took some 680 MB in recognition (the worker peaking near
#: 1 GB); one at a time, about 330 MB, and no slower on one thread.
REC_BATCH = 1

#: The models kaohe was measured with (rapidocr 3.10.0's wheel), by file name.
MODEL_SHA256 = {
    "PP-OCRv6_det_small.onnx": "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
    "PP-OCRv6_rec_small.onnx": "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
}


class OcrEngineError(KaoheError):
    """The OCR engine cannot be used: its models are not the ones kaohe was measured with."""


class OcrFailedError(KaoheError):
    """The engine itself failed on a page (ONNX Runtime raised): the file is not damaged, its
    page could not be OCRed, and the sentence says which page and what the engine said."""

    def __init__(self, page: int, reason: str) -> None:
        super().__init__(_("OCR failed on page {page}: {reason}").format(page=page, reason=reason))


#: What ONNX Runtime says when an allocation was refused (the worker's memory limit).
_ALLOCATION_FAILED = ("bad_alloc", "Failed to allocate memory", "std::bad_alloc")


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
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_SIDE,
        "Rec.rec_batch_num": REC_BATCH,
        "Det.model_path": str(folder / "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": str(folder / "PP-OCRv6_rec_small.onnx"),
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidOCR(params=params)


def recognise(image: np.ndarray, page: int = 0) -> list[list[OcrChar]]:
    """The text lines the engine finds in an RGB image, each as its characters with boxes.

    An allocation ONNX Runtime could not make is the worker's memory limit and is raised as
    ``MemoryError`` (the batch says so, with the limit); any other failure of the engine is an
    ``OcrFailedError`` naming ``page``: neither is a damaged file."""
    engine = _engine()
    try:
        result = engine(image, return_word_box=True)
    except (MemoryError, KaoheError):
        raise
    except Exception as err:  # onnxruntime's RuntimeException, or a failure inside rapidocr
        text = str(err).strip()
        if any(words in text for words in _ALLOCATION_FAILED):
            raise MemoryError(text) from err
        first = text.splitlines()[-1] if text else type(err).__name__
        raise OcrFailedError(page, f"{type(err).__name__}: {first[:200]}") from err
    finally:
        _release_freed_memory()
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


def _release_freed_memory() -> None:
    """Give the heap the engine freed back to the system (glibc's ``malloc_trim``).

    ONNX Runtime allocates and frees hundreds of megabytes per page; glibc keeps much of it in
    its arenas, so a worker that read a scanned page stayed some 400 MB larger than it needed
    for the rest of its life (and for the next file it reads). Elsewhere this does nothing."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _libc() -> Any:
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # musl and other C libraries without it
        return None
