"""pipeline.load: the output folder as DataFrames typed by its datapackage.json."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import UsageError
from pipeline.load import read_output, read_table
from pipeline.schema import COLUMNS, field
from tests.conftest import ROOT, Output

DTYPES = {"string": "string", "integer": "Int64", "number": "float64"}


def test_every_file_with_the_datapackage_types(sample_output: Output) -> None:
    tables = read_output(sample_output.folder)
    assert set(tables) == {f.removesuffix(".csv") for f in COLUMNS}
    for file, columns in COLUMNS.items():
        frame = tables[file.removesuffix(".csv")]
        assert tuple(frame.columns) == columns
        assert [str(frame[c].dtype) for c in columns] == [DTYPES[field(file, c)[0]] for c in columns], file
        assert len(frame) == len(sample_output.rows(file))
    assert tables["scores"]["item_no"].tolist()[:3] == ["1.1", "1.2", "2.1"]
    findings = read_table(sample_output.folder, "findings.csv")
    assert findings.equals(tables["findings"])


def test_text_stays_text_and_missing_whole_numbers_stay_whole(sample_output: Output, tmp_path: Path) -> None:
    """item 1.10 is not 1.1, a unit named NA is not missing, and a year with a gap is Int64."""
    for file in [*COLUMNS, "datapackage.json"]:
        shutil.copy(sample_output.folder / file, tmp_path / file)
    header = ",".join(COLUMNS["metrics.csv"])
    rows = [
        "0123456789ab,1,1.10,1.10.1,件數,12,NA,,110,12件,3",
        "0123456789ab,1,1.10,1.10.1,件數,5,件,以上,,5件以上,",
    ]
    (tmp_path / "metrics.csv").write_text("\ufeff" + "\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    metrics = read_table(tmp_path, "metrics")
    assert metrics["item_no"].tolist() == ["1.10", "1.10"] and metrics["indicator_no"][0] == "1.10.1"
    assert metrics["unit"][0] == "NA" and pd.isna(metrics["qualifier"][0])
    assert str(metrics["roc_year"].dtype) == "Int64" and metrics["roc_year"][0] == 110
    assert pd.isna(metrics["roc_year"][1]) and pd.isna(metrics["page"][1])
    assert metrics["value"].tolist() == [12.0, 5.0]


def test_a_folder_that_is_not_a_set_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no datapackage\.json"):
        read_output(tmp_path)


def test_a_name_that_is_not_a_file_of_the_set(sample_output: Output) -> None:
    with pytest.raises(UsageError, match="not a file of the output set"):
        read_table(sample_output.folder, "scorez")


def test_without_pandas_the_extra_is_named(sample_output: Output, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(UsageError, match=r"kaohe\[pandas\]"):
        read_output(sample_output.folder)


def test_kaohe_itself_imports_no_pandas() -> None:
    """pandas is an extra: no module of kaohe but the loader imports it, and that one lazily."""
    modules = "pipeline.cli, pipeline.api, pipeline.load, pipeline.write.auditor"
    code = f"import sys, {modules}; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


def test_the_readme_example_runs(sample_output: Output, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### For analysts"):]
    code = section[section.index("```python\n") + len("```python\n"):]
    code = code[:code.index("```")]
    (tmp_path / "output").symlink_to(sample_output.folder)
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), names)
    assert "roc_year" in capsys.readouterr().out
    merged = names["findings"].merge(names["reports"], on="report_id")  # type: ignore[attr-defined]
    assert len(merged) == len(sample_output.rows("findings.csv")), "each finding once, with its report"
    assert merged["unit"].notna().all()
