"""The content-hash cache: a file read once is not read again while nothing that shapes its result changed.

Each file's ``ReportResult`` is kept under ``<output>/.cache/`` as a pickle (our own data, written
by kaohe, read back by kaohe), named after the SHA-256 of three things: the file's bytes, the
options that change what is read (``Options.result_key``: the rubric file's bytes and the parse
switches; not the workers, limits or executor, which change only how fast), and the program
version (``pipeline.__version__`` with a hash of every source file of the ``pipeline`` and
``parsers`` packages and the versions of the libraries that read the files, so any change to the
code or an upgrade misses the cache). A renamed or moved file is found by its bytes and takes
its new name.

Only ``ok`` and ``partial`` results are kept: a ``failed`` file is read again on the next run,
since its failure may depend on the machine (LibreOffice, the limits). An entry that cannot be
read or unpickled, or holds something else, is ignored and the file is read again; the cache
never stops a run. The auditor's files (report.html, report.xlsx, datapackage.json) are not
written again when everything they are made from is unchanged (``outputs_current``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.results import ReportResult
from pipeline.statuses import Status

log = logging.getLogger("kaohe")

#: Changed when the layout of an entry changes (2: a result carries its recomputed figures and
#: its statuses are enums).
FORMAT = 2
CACHEABLE = frozenset({Status.ok, Status.partial})
_PACKAGES = ("pipeline", "parsers")
_SUFFIXES = frozenset({".py", ".toml", ".html", ".j2", ".css", ".js"})
#: The libraries whose upgrade can change what is read or shown.
_LIBRARIES = ("pdfplumber", "pdfminer.six", "python-docx", "rapidfuzz", "opencc", "regex", "defusedxml", "pypdfium2")


@cache
def program_version() -> str:
    """``__version__``, the libraries' versions and a hash of the package sources: any edit changes it."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}".encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing\0".encode())
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ResultCache:
    """Results of earlier runs in ``folder``, for one ``Options.result_key`` and this program."""

    def __init__(self, folder: Path, result_key: str, version: str | None = None) -> None:
        self.folder = folder
        self._salt = f"{version or program_version()}\0{result_key}\0"

    def _path(self, sha256: str) -> Path:
        key = hashlib.sha256((self._salt + sha256).encode()).hexdigest()
        return self.folder / f"{key}.pickle"

    def get(self, sha256: str, source_file: str) -> ReportResult | None:
        """The cached result of the file with these bytes, under its name now; None on a miss."""
        path = self._path(sha256)
        try:
            with path.open("rb") as fh:
                entry = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as err:  # a damaged or foreign entry: read the file again
            log.warning("ignoring unreadable cache entry %s: %r", path.name, err)
            return None
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (FORMAT, sha256)):
            log.warning("ignoring cache entry %s: not an entry for this file", path.name)
            return None
        result = entry[2]
        if not isinstance(result, ReportResult) or result.status not in CACHEABLE:
            log.warning("ignoring cache entry %s: it holds no result", path.name)
            return None
        return replace(result, source_file=source_file) if result.source_file != source_file else result

    def put(self, sha256: str, result: ReportResult) -> None:
        """Keep ``result`` (written atomically); a failure to write is logged, never raised."""
        if result.status not in CACHEABLE:
            return
        path = self._path(sha256)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((FORMAT, sha256, result), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except Exception as err:
            log.warning("could not write cache entry for %s: %r", result.source_file, err)


# --- the auditor's files ------------------------------------------------------------------
#
# report.html and report.xlsx take seconds to write (evidence pictures, openpyxl) and depend only
# on the results, the result-changing options, the input files' bytes and the program. When all
# of those are those of the run that wrote the files now in the output folder, and the files are
# unchanged since, they are left as they are.

_AUDITOR = "auditor.json"


def outputs_key(results: Sequence[ReportResult], sha256s: Sequence[str], result_key: str) -> str:
    """A digest of everything the auditor's files are made from (``repr`` of frozen dataclasses
    is complete and stable: every field, floats exactly); ``result_key`` is ``Options.result_key``."""
    text = repr((program_version(), result_key, list(sha256s), list(results)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def outputs_current(cache_folder: Path, output: Path, key: str) -> bool:
    """Whether the files listed for ``key`` in the cache are in ``output``, each as written then."""
    try:
        kept = json.loads((cache_folder / _AUDITOR).read_text(encoding="utf-8"))
        if kept.get("key") != key or not kept.get("files"):
            return False
        return all(file_digest(output / name) == digest for name, digest in kept["files"].items())
    except Exception:  # missing, damaged or changed: write the files again
        return False


def remember_outputs(cache_folder: Path, key: str, paths: Sequence[Path]) -> None:
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        document = {"key": key, "files": {p.name: file_digest(p) for p in paths}}
        fd, temp = tempfile.mkstemp(dir=cache_folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(document, fh)
        os.replace(temp, cache_folder / _AUDITOR)
    except Exception as err:
        log.warning("could not remember the auditor's files: %r", err)
