"""Turned pages: two samples made from built ones with qpdf, and their truth.

- ``110_keelung_rotate90.pdf``: every page of ``110_keelung.pdf`` with ``/Rotate 90``, as a
  scanner or a viewer that saves "rotated" leaves them: the content is upright as drawn, the
  page is displayed turned.
- ``111_kaohsiung_turned.pdf``: every page of ``111_kaohsiung.pdf`` turned by 270 degrees and
  the rotation then drawn into the page's content (``qpdf --flatten-rotation``): no ``/Rotate``,
  a landscape page on which the report's tables are drawn turned, as a landscape table is
  drawn turned on a portrait page.

The truth of each is its source's truth (the same figures, printed the same), with its own file
name and layout. Run from the repository root: ``python samples/make_turned.py`` (needs qpdf).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS, TRUTH = HERE / "reports", HERE / "truth"

#: (new file, source file, qpdf steps, layout): each step is one qpdf call's arguments.
TURNED = (
    ("110_keelung_rotate90.pdf", "110_keelung.pdf", [["--rotate=+90:1-z"]], "rotate-90"),
    (
        "111_kaohsiung_turned.pdf", "111_kaohsiung.pdf", [["--rotate=+270:1-z"], ["--flatten-rotation"]],
        "drawn-turned",
    ),
)


def build(name: str, source: str, steps: list[list[str]], layout: str) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        raise SystemExit("qpdf is needed: apt-get install qpdf")
    with tempfile.TemporaryDirectory() as tmp:
        current = REPORTS / source
        for n, args in enumerate(steps):
            out = Path(tmp) / f"step{n}.pdf"
            subprocess.run([qpdf, "--deterministic-id", str(current), *args, str(out)], check=True)
            current = out
        shutil.copyfile(current, REPORTS / name)
    truth = json.loads((TRUTH / f"{source}.json").read_text(encoding="utf-8"))
    truth.update(source_file=name, layout=layout)
    (TRUTH / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote samples/reports/{name}")


def main() -> None:
    for turned in TURNED:
        build(*turned)


if __name__ == "__main__":
    main()
