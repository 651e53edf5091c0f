"""The content-hash cache: a file read once is not read again while nothing that shapes its result changed.

Each file's ``ReportResult`` is kept under ``<output>/.cache/`` as JSON (``pipeline.result_json``:
data only, checked field by field against the result's types when it is read back), named after
the SHA-256 of three things: the file's bytes, the options that change what is read
(``Options.result_key``: the rubric file's bytes and the parse switches; not the workers, limits
or executor, which change only how fast), and the program version (``pipeline.__version__`` with
a hash of every source file of the ``pipeline`` and ``parsers`` packages and the versions of the
libraries that read the files, so any change to the code or an upgrade misses the cache). A
renamed or moved file is found by its bytes and takes its new name.

The output folder is not trusted (a shared drive, a zip of results sent back): nothing in it is
ever unpickled or run, and since an entry's name is computable from public inputs, each entry is
signed with the user's own key (``pipeline.signing``, kept outside every output folder). An
entry planted or edited by anyone else fails the signature and is a miss; so is one that is not
a plain file, is too large, or does not decode to a result. The cache never stops a run: a bad
entry is a line in kaohe.log and the file is read again.

Only ``ok`` and ``partial`` results are kept: a ``failed`` file is read again on the next run,
since its failure may depend on the machine (LibreOffice, the limits). The output files (the CSV
files, kaohe.sqlite, report.html, report.xlsx, datapackage.json) are not written again when
everything they are made from is unchanged and they are as written (``ResultCache.outputs_current``);
that record is signed too, so a planted report.html cannot pass for kaohe's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline import __version__, result_json
from pipeline.files import atomic_write
from pipeline.logfile import about
from pipeline.results import ReportResult
from pipeline.schema import COLUMNS
from pipeline.signing import KeyUnavailable, sign, user_key, verify
from pipeline.statuses import Status

log = logging.getLogger("kaohe")

#: Changed when the layout of an entry changes (2: a result carries its recomputed figures and
#: its statuses are enums; 3: signed JSON in place of pickles).
FORMAT = 3
CACHEABLE = frozenset({Status.ok, Status.partial})
_PACKAGES = ("pipeline", "parsers")
_SUFFIXES = frozenset({".py", ".toml", ".html", ".j2", ".css", ".js"})
#: The libraries whose upgrade can change what is read or shown.
_LIBRARIES = ("pdfplumber", "pdfminer.six", "python-docx", "rapidfuzz", "opencc", "regex", "defusedxml", "pypdfium2")
#: No result of a real report comes near this; a larger entry is not read (nor written).
MAX_ENTRY = 64 * 1024 * 1024
_MAGIC = b"kaohe-cache"
_AUDITOR = "auditor.json"
#: The files ``outputs_current`` vouches for: every file of a run's set but run.json (the CSV
#: files, kaohe.sqlite made from them, and the auditor's files ``pipeline.write.auditor`` writes).
#: Each is made only from what the key covers, byte for byte the same when it is the same.
AUDITOR_FILES = ("report.html", "report.xlsx", "datapackage.json")
KEPT_FILES = (*COLUMNS, "kaohe.sqlite", *AUDITOR_FILES)


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


def read_plain_file(path: Path, limit: int = MAX_ENTRY) -> bytes:
    """The bytes of ``path`` if it is a plain file of at most ``limit`` bytes (not a symlink, a
    FIFO that would block, or a device); ``OSError`` or ``ValueError`` otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a plain file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return data


class ResultCache:
    """Results of earlier runs in ``folder``, for one ``Options.result_key`` and this program,
    signed with ``secret`` (by default the user's key, ``pipeline.signing.user_key``)."""

    def __init__(
        self, folder: Path, result_key: str, version: str | None = None, secret: bytes | None = None
    ) -> None:
        self.folder = folder
        self._salt = f"{version or program_version()}\0{result_key}\0"
        self._secret = secret
        if secret is None:
            try:
                self._secret = user_key()
            except KeyUnavailable as err:
                log.warning("the cache is off for this run: %s", err)

    @property
    def enabled(self) -> bool:
        """False when there is no key to sign with: nothing is then read from or kept in the cache."""
        return self._secret is not None

    def _name(self, sha256: str) -> str:
        return hashlib.sha256((self._salt + sha256).encode()).hexdigest()

    def _path(self, sha256: str) -> Path:
        return self.folder / f"{self._name(sha256)}.result"

    def get(self, sha256: str, source_file: str) -> ReportResult | None:
        """The cached result of the file with these bytes, under its name now; None on a miss."""
        with about(source_file):
            return self._get(sha256, source_file)

    def _get(self, sha256: str, source_file: str) -> ReportResult | None:
        if self._secret is None:
            return None
        path = self._path(sha256)
        try:
            data = read_plain_file(path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            log.warning("%s: ignoring its cache entry %s: %s", source_file, path.name, err)
            return None
        header, _, body = data.partition(b"\n")
        fields = header.split(b" ")
        signed = (
            len(fields) == 3 and fields[0] == _MAGIC and fields[1] == str(FORMAT).encode()
            and verify(self._secret, fields[2].decode("ascii", "replace"), self._name(sha256).encode(), body)
        )
        if not signed:
            log.warning("%s: ignoring its cache entry %s: not signed with your key", source_file, path.name)
            return None
        try:
            result = result_json.loads(body)
        except result_json.ResultJsonError as err:
            log.warning("%s: ignoring its cache entry %s: %s", source_file, path.name, err)
            return None
        if result.status not in CACHEABLE:
            log.warning("%s: ignoring its cache entry %s: it holds no result", source_file, path.name)
            return None
        return replace(result, source_file=source_file) if result.source_file != source_file else result

    def put(self, sha256: str, result: ReportResult) -> None:
        """Keep ``result`` (signed, written atomically); a failure to write is logged, never raised."""
        if result.status not in CACHEABLE or self._secret is None:
            return
        try:
            body = result_json.dumps(result).encode("ascii")
            if len(body) > MAX_ENTRY:
                return
            mac = sign(self._secret, self._name(sha256).encode(), body)
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path(sha256), b"%s %d %s\n%s" % (_MAGIC, FORMAT, mac.encode(), body))
        except Exception as err:
            log.warning(
                "%s: could not write its cache entry: %r", result.source_file, err,
                extra={"source_file": result.source_file},
            )

    # --- the auditor's files --------------------------------------------------------------
    #
    # The output files take a while to write (evidence pictures, the workbook, the database) and
    # depend only on the results, the result-changing options, the input files' bytes and the program.
    # When all of those are those of the run that wrote the files now in the output folder, and
    # the files are unchanged since, they are left as they are.

    def outputs_current(self, output: Path, key: str) -> bool:
        """Whether the files this cache signed for ``key`` are in ``output``, each as written then."""
        if self._secret is None:
            return False
        try:
            data = read_plain_file(self.folder / _AUDITOR, 1 << 20)
            header, _, body = data.partition(b"\n")
            if not verify(self._secret, header.decode("ascii", "replace"), _AUDITOR.encode(), body):
                return False
            kept = json.loads(body)
            if kept.get("key") != key or not kept.get("files"):
                return False
            files = kept["files"]
            return set(files) == set(KEPT_FILES) and all(
                file_digest(output / name) == digest for name, digest in files.items()
            )
        except Exception:  # missing, damaged, planted or changed: write the files again
            return False

    def remember_outputs(self, key: str, digests: Mapping[str, str]) -> None:
        """Sign ``digests`` (file name -> SHA-256, as the run's manifest has them) as the files
        written for ``key``."""
        if self._secret is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"key": key, "files": dict(digests)}).encode()
            atomic_write(self.folder / _AUDITOR, sign(self._secret, _AUDITOR.encode(), body).encode() + b"\n" + body)
        except Exception as err:
            log.warning("could not remember the auditor's files: %r", err)


def outputs_key(results: Sequence[ReportResult], sha256s: Sequence[str], result_key: str) -> str:
    """A digest of everything the auditor's files are made from (``repr`` of frozen dataclasses
    is complete and stable: every field, floats exactly); ``result_key`` is ``Options.result_key``."""
    text = repr((program_version(), result_key, list(sha256s), list(results)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
