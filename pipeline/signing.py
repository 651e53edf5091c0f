"""The user's own key that signs what kaohe keeps in an output folder, so that only kaohe of this
user trusts it.

The output folder is not a safe place: it may be on a shared drive, in a colleague's home, or
unpacked from a zip of results someone sent back. Anyone who can write there can plant a cache
entry, and the name of an entry is computable from public inputs (the file's bytes, the rubric,
kaohe's version). Entries are therefore signed with HMAC-SHA256 under a random key that lives
outside every output folder, in the user's cache directory (``$XDG_CACHE_HOME/kaohe/key``,
``~/.cache/kaohe/key`` when the variable is not set), created once with mode 0600. A planted or
edited entry fails the check and is a miss: the file is read again.

The price: an output folder's cache serves only the user who filled it (a colleague's entries
are misses for you, and yours for them). A key file that others can read or write, or that
belongs to someone else, is not used: the cache is off for the run, and kaohe.log says why.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import stat
import tempfile
from hashlib import sha256
from pathlib import Path

_KEY_BYTES = 32


class KeyUnavailable(Exception):
    """The user's key cannot be had; the message says why, for kaohe.log."""


def user_folder() -> Path:
    """kaohe's folder in the user's cache directory, which no output folder is ever in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return folder / "kaohe"


def key_path() -> Path:
    return user_folder() / "key"


def user_key(path: Path | None = None) -> bytes:
    """The user's signing key, made on first use; ``KeyUnavailable`` when it cannot be trusted."""
    path = path or key_path()
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(_KEY_BYTES) + "\n")
            with contextlib.suppress(FileExistsError):  # another run made it first: that one is the key
                os.link(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
        return _read(path)
    except OSError as err:
        raise KeyUnavailable(f"the key {path} cannot be made: {err.strerror or err}") from None


def _read(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as err:
        raise KeyUnavailable(f"the key {path} cannot be read: {err.strerror or err}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyUnavailable(f"the key {path} is not a plain file")
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise KeyUnavailable(f"the key {path} is not yours alone (it must be mode 0600, owned by you)")
        text = fh.read(4 * _KEY_BYTES).decode("ascii", "replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != _KEY_BYTES:
        raise KeyUnavailable(f"the key {path} is damaged: delete it and a new one is made")
    return key


def sign(key: bytes, *parts: bytes) -> str:
    """The HMAC of ``parts`` (each length-prefixed, so no two sequences of parts sign alike)."""
    mac = hmac.new(key, digestmod=sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big") + part)
    return mac.hexdigest()


def verify(key: bytes, signature: str, *parts: bytes) -> bool:
    return hmac.compare_digest(sign(key, *parts), signature)
