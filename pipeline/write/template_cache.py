"""report.html's template compiled once per machine and user, not on every run.

Jinja2 turns the page's template into Python source and compiles that (about a sixth of a second
here), which a one-file run paid every time. Its ``BytecodeCache`` keeps the compiled code; this
one keeps it in the user's cache directory (``$XDG_CACHE_HOME/kaohe/templates``, beside the key
of ``pipeline.signing``), the way Python keeps ``__pycache__``.

What is kept there is code that is run, so it is trusted only as far as the folder is the user's
alone: a folder or file that is not a plain one, that belongs to someone else, or that others may
write is not used (the template is compiled as before, and kaohe.log says why once). An entry is
named after the template, the Jinja2 and Python versions and the environment's options, and Jinja2
checks the template's own text against the entry: a changed template or an upgrade is a miss. An
entry that cannot be written (a read-only home, a full disk) costs nothing but the compile.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from pipeline.signing import user_folder

log = logging.getLogger("kaohe")

#: Largest entry read back: report.html's compiled template is about 90 KiB.
MAX_ENTRY_BYTES = 4 * 1024 * 1024


def compile_options(env: jinja2.Environment) -> str:
    """What of ``env`` shapes the code a template compiles to (its syntax, whitespace handling,
    escaping, extensions), in a form that is the same from one run to the next."""
    return repr((
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "?"),
        env.finalize is not None, env.optimized, env.is_async, sorted(env.extensions), env.undefined.__name__,
    ))


def folder() -> Path:
    return user_folder() / "templates"


class UserTemplateCache(BytecodeCache):
    """Compiled templates in ``place`` (by default ``folder()``), for an environment whose
    compile-shaping options are ``options`` (part of each entry's name)."""

    def __init__(self, options: str, place: Path | None = None) -> None:
        self.place = place or folder()
        self.options = options
        self._usable: bool | None = None

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        parts = (name, filename or "", jinja2.__version__, sys.version, self.options)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if not self._folder_ok(make=False):
            return
        try:
            fd = os.open(self._entry(bucket), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return  # not there yet (or a link, which O_NOFOLLOW refuses)
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or not _yours_alone(info) or info.st_size > MAX_ENTRY_BYTES:
                log.debug("the compiled template %s is not a plain file of yours alone: compiled anew", fh.name)
                return
            data = fh.read(MAX_ENTRY_BYTES + 1)
        with contextlib.suppress(Exception):  # a damaged entry: Jinja2 then compiles the template itself
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self._folder_ok(make=True):
            return
        path = self._entry(bucket)
        try:
            fd, temp = tempfile.mkstemp(dir=self.place, prefix=".entry-")  # mode 0600
        except OSError as err:
            log.debug("the compiled template cannot be kept in %s: %s", self.place, err.strerror or err)
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(bucket.bytecode_to_string())
            os.replace(temp, path)
        except OSError as err:
            log.debug("the compiled template cannot be kept in %s: %s", self.place, err.strerror or err)
        finally:
            Path(temp).unlink(missing_ok=True)

    def _entry(self, bucket: Bucket) -> Path:
        return self.place / f"{bucket.key}.jinja"

    def _folder_ok(self, make: bool) -> bool:
        """Whether ``place`` is a folder of the user's alone, made (mode 0700) when ``make``."""
        if self._usable is not None:
            return self._usable
        if make:
            try:
                self.place.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.place.mkdir(mode=0o700, exist_ok=True)
            except OSError as err:
                log.debug("no folder for compiled templates at %s: %s", self.place, err.strerror or err)
                self._usable = False
                return False
        try:
            info = os.lstat(self.place)
        except OSError:
            return False  # not made yet: nothing to load, and it is made when there is something to keep
        self._usable = stat.S_ISDIR(info.st_mode) and _yours_alone(info)
        if not self._usable:
            log.info("the folder %s is not yours alone: report.html's template is compiled on every run",
                     self.place)
        return self._usable


def _yours_alone(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022
