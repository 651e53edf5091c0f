"""pipeline.extract as a Python caller uses it: the README's example runs as printed, and gives
the files the console command gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import UsageError
from tests.conftest import ROOT, SAMPLES, Output, read_csv

CSVS = ("reports.csv", "scores.csv", "dimensions.csv", "indicators.csv", "metrics.csv", "findings.csv")
#: The output folder the README's example writes to; the test writes to a tmp folder instead.
EXAMPLE_OUTPUT = "output/python"


def readme_example() -> str:
    """The first ``python`` block of the README's "Use it from Python" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use it from Python\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the section has no python block"
    return match[1]


def test_the_readme_example_is_five_lines_and_runs_from_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sample_output: Output
) -> None:
    code = readme_example()
    assert len(code.splitlines()) == 5
    assert code.count(EXAMPLE_OUTPUT) == 2, "the example writes to and reads from its output folder"
    out = tmp_path / "python"
    monkeypatch.chdir(ROOT)  # "samples/reports" as the README has it, from the repository's folder
    namespace: dict[str, object] = {}
    exec(compile(code.replace(EXAMPLE_OUTPUT, out.as_posix()), "README.md", "exec"), namespace)
    results = namespace["results"]
    assert isinstance(results, list)
    names = [r["source_file"] for r in read_csv(sample_output.folder / "reports.csv")]
    assert sorted(r.source_file for r in results) == sorted(names) and len(names) > 3
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(names)
    assert all(re.fullmatch(r".+: (ok|partial|failed|skipped), \d+ finding\(s\)", line) for line in printed)
    for name in CSVS:
        assert (out / name).read_bytes() == (sample_output.folder / name).read_bytes(), f"{name} differs"


def test_importing_pipeline_and_building_options_stays_light() -> None:
    heavy = ("pandas", "openpyxl", "jinja2", "pdfplumber", "parsers", "pipeline.batch")
    script = (
        "import sys, pipeline; pipeline.Options(workers=2); pipeline.ParseSettings(); pipeline.UsageError; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == ""


def test_extract_is_pipeline_extract_and_unknown_names_are_attribute_errors() -> None:
    from pipeline.api import extract
    from pipeline.options import Options

    assert pipeline.extract is extract and pipeline.Options is Options
    with pytest.raises(AttributeError, match="no attribute 'Extract'"):
        _ = pipeline.Extract  # type: ignore[attr-defined]


def test_a_missing_input_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^input folder not found: "):
        pipeline.extract(tmp_path / "nowhere", tmp_path / "out", pipeline.Options(lang="en"))
    with pytest.raises(UsageError, match=r"^找不到輸入資料夾："):  # zh-TW unless told otherwise
        pipeline.extract(tmp_path / "nowhere", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_one_file_read_with_options(tmp_path: Path) -> None:
    out = tmp_path / "out"
    results = pipeline.extract(str(SAMPLES / "110_keelung.docx"), str(out), pipeline.Options(workers=1, cache=False))
    assert [(r.source_file, r.status) for r in results] == [("110_keelung.docx", "ok")]
    assert [r["source_file"] for r in read_csv(out / "reports.csv")] == ["110_keelung.docx"]
    assert (out / "run.json").is_file() and (out / "report.html").is_file()
    assert not (out / ".cache").exists(), "cache=False neither uses nor fills the cache"


@pytest.mark.parametrize("failing", ["start_workbook", "write_all"])
def test_a_run_that_fails_while_a_lone_files_pictures_render_leaves_no_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The pictures' renderer (and the workbook's child, once forked) end with the failed run."""
    import os
    import shutil
    import time

    from pipeline import api

    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / "110_taichung.pdf", inbox / "110_taichung.pdf")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")

    def alive() -> set[str]:
        return set(children.read_text().split()) if children.exists() else set()

    before = alive()
    if failing == "write_all":
        monkeypatch.setattr(api, "write_all", full_disk)
    else:
        from pipeline.write import auditor

        monkeypatch.setattr(auditor, "start_workbook", full_disk)
    with pytest.raises(OSError, match="No space"):
        pipeline.extract(inbox, tmp_path / "out")
    deadline = time.monotonic() + 5
    while alive() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive() - before, "a child of the run was left running"
