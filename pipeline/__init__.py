"""kaohe's pipeline: the document model, the stages that read it, and the writers.

For Python callers: ``pipeline.extract(input, output, pipeline.Options(...))``. The names are
imported on first use, so ``import pipeline`` stays cheap (no parser, pandas or XlsxWriter) for a
caller that only wants ``__version__`` or ``Options``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipeline.api import extract
    from pipeline.errors import KaoheError, UsageError
    from pipeline.options import Options, ParseSettings

#: Each public name and the module that defines it.
_PUBLIC = {
    "extract": "pipeline.api",
    "Options": "pipeline.options",
    "ParseSettings": "pipeline.options",
    "KaoheError": "pipeline.errors",
    "UsageError": "pipeline.errors",
}

__all__ = ["KaoheError", "Options", "ParseSettings", "UsageError", "__version__", "extract"]


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # found once; later look-ups do not come here
    return value
