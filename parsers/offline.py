"""LibreOffice with no network: a .doc's linked pictures and other links are never fetched.

A legacy Word file can hold ``INCLUDEPICTURE "http://…"`` fields, and LibreOffice fetches
such a picture while it converts the file. The sender would learn when (and from where) the
report was opened, and could make the machine call addresses only it can reach (an internal
admin page, a cloud metadata service). So every conversion runs without a network:

1. **A network namespace of its own** (``unshare --net``: only a loopback device, and that one
   down), where no address at all can be reached. As root that needs nothing more; an
   ordinary user gets one inside a user namespace (``unshare --user --map-root-user --net``)
   where the system allows those.
2. **A profile that keeps LibreOffice off the network**, used always and the only guard where
   no namespace can be had: HTTP, HTTPS and FTP go through a "proxy" that is a local port
   kaohe holds bound and never listens on, so each connection is refused on the spot and
   nothing leaves the machine; and ``BlockUntrustedRefererLinks`` is set, which newer
   LibreOffice versions apply to linked pictures too. (LibreOffice 7.4, tested here, still
   fetches a linked picture with that setting alone; the proxy is what stops it.)

Which of the two is in force is written once per worker to kaohe.log.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

log = logging.getLogger("kaohe.doc")
log.setLevel(logging.INFO)  # the one line saying how LibreOffice is kept offline reaches kaohe.log

#: Ways to get a network namespace, the plainest first.
_UNSHARE = (("--net",), ("--user", "--map-root-user", "--net"))


@dataclass(frozen=True)
class Isolation:
    """Words put before the soffice command, and what they mean for kaohe.log."""

    prefix: tuple[str, ...]
    description: str


@cache
def isolation() -> Isolation:
    """The strongest isolation this machine allows (tried once per process)."""
    unshare = shutil.which("unshare")
    for flags in _UNSHARE if unshare else ():
        prefix = (str(unshare), *flags)
        if _runs(prefix):
            return Isolation(
                prefix, f"in a network namespace of its own ({' '.join(('unshare', *flags))}): no address is reachable"
            )
    return Isolation(
        (), "unshare is not permitted here, so only its profile keeps LibreOffice off the network "
        "(HTTP, HTTPS and FTP go to a closed local proxy port; BlockUntrustedRefererLinks is set)",
    )


def _runs(prefix: tuple[str, ...]) -> bool:
    try:
        done = subprocess.run(
            [*prefix, "true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@cache
def announce(how: Isolation) -> None:
    """Say once per process, in kaohe.log, how LibreOffice is kept offline."""
    log.info("LibreOffice converts .doc files with no network: %s", how.description)


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port held bound and never listened on: a connection to it is refused at once,
    and no other program can start listening there while the conversion runs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def write_profile(profile: Path, proxy_port: int) -> None:
    """Write the settings of the module docstring into a new LibreOffice profile folder."""
    settings: list[tuple[str, str, str]] = [
        ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
        ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),  # 2: the proxies given here
        ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ]
    for scheme in ("HTTP", "HTTPS", "FTP"):
        settings += [
            ("/org.openoffice.Inet/Settings", f"ooInet{scheme}ProxyName", "127.0.0.1"),
            ("/org.openoffice.Inet/Settings", f"ooInet{scheme}ProxyPort", str(proxy_port)),
        ]
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{escape(value)}</value></prop></item>'
        for path, name, value in settings
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n",
        encoding="utf-8",
    )
