"""What a run is told: for now, what reading one file needs besides the file."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.rubric import Rubric


@dataclass(frozen=True)
class ParseSettings:
    """Switches that change what the parsers read from a file.

    ``ocr``: read image-only pages with OCR; not available yet."""

    ocr: bool = False


@dataclass(frozen=True)
class ReadContext:
    """All that reading one file needs besides the file, in one picklable argument: it travels to
    every worker process and Dask task, so a new parse switch reaches the parsers without a new
    parameter on every function between the batch and them."""

    rubric: Rubric
    parse: ParseSettings = field(default_factory=ParseSettings)
