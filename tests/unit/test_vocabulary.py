"""A rubric with words and grade letters of its own is read without a change to the code.

The test rubric below is not a real one: two dimensions, three items, the item column headed
考評項目, scores labelled 評定分數, 小結 for 小計, 總成績 for 總分, 等級 for 等第, grades A/B/C.
A Word file printed in those words is read with it, and the default rubric does not read it.
"""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest

from pipeline.errors import RubricError
from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.vocabulary import default_vocabulary

TEST_RUBRIC = """
# A test rubric (not an agency's): other header words, labels and grade letters.
name = "測試用評核表"
roc_years = [120]
total = 100
grades = [{ grade = "A", min = 90 }, { grade = "B", min = 70 }, { grade = "C", min = 0 }]

[vocabulary]
item_headers = ["考評項目"]
score_headers = ["評定分數"]
score_labels = ["評定分數"]
subtotal_labels = ["小結"]
total_labels = ["總成績"]
grade_labels = ["等級"]
dimension_words = ["面向"]

[[dimensions]]
no = "1"
name = "資訊公開"
max = 60
  [[dimensions.items]]
  no = "1.1"
  name = "網站資訊更新"
  max = 30
  [[dimensions.items]]
  no = "1.2"
  name = "資料開放程度"
  max = 30

[[dimensions]]
no = "2"
name = "民眾參與"
max = 40
  [[dimensions.items]]
  no = "2.1"
  name = "意見回應速度"
  max = 40
"""


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-rubric.toml"
    path.write_text(TEST_RUBRIC, encoding="utf-8")
    return path


def _report(folder: Path, grade: str) -> Path:
    """A Word report in the test rubric's words; its summary prints ``grade``."""
    document = python_docx.Document()
    document.add_paragraph("測試機關120年度提升服務效能執行績效與成果")
    document.add_paragraph("面向一(資訊公開)")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("考評項目", "說明", "評定分數"), ("網站資訊更新\n(30分)", "每月更新", "28"),
                             ("資料開放程度\n(30分)", "開放3項資料集", "25")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("小結 53 分")
    document.add_paragraph("面向二(民眾參與)")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("考評項目", "說明"), ("意見回應速度 (40分) 評定分數：35", "平均2日內回覆")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("小結 35 分")
    summary = document.add_table(rows=2, cols=4)
    for r, row in enumerate([("資訊公開", "民眾參與", "總成績", "等級"), ("53", "35", "88", grade)]):
        for c, text in enumerate(row):
            summary.cell(r, c).text = text
    path = folder / f"report-{grade}.docx"
    document.save(str(path))
    return path


def test_the_vocabulary_and_grades_come_from_the_rubric_file(rubric_file: Path) -> None:
    rubric = load_rubric(rubric_file)
    assert rubric.vocabulary.subtotal == "小結"
    assert rubric.vocabulary.total == "總成績"
    assert rubric.grade_letters == ("A", "B", "C")
    assert rubric.roc_years == (120,)
    # keys the file leaves out are the default rubric's
    assert rubric.vocabulary.unit_headers == default_vocabulary().unit_headers


def test_a_report_in_the_rubrics_own_words_is_read(rubric_file: Path, tmp_path: Path) -> None:
    rubric = load_rubric(rubric_file)
    result = process_file(_report(tmp_path, "B"), tmp_path, ReadContext(rubric))
    assert result.status == "ok", result.error
    x = result.extraction
    assert x is not None
    assert {no: row.score for no, row in x.items().items()} == {"1.1": 28, "1.2": 25, "2.1": 35}
    assert {no: f.value for no, f in x.subtotals.items()} == {"1": 53, "2": 35}
    assert {no: f.value for no, f in x.summary.items()} == {"1": 53, "2": 35}
    assert x.total is not None and x.total.value == 88
    assert x.grade is not None and x.grade.grade == "B"
    assert result.findings == ()


def test_a_wrong_grade_letter_of_the_rubric_is_a_finding(rubric_file: Path, tmp_path: Path) -> None:
    result = process_file(_report(tmp_path, "A"), tmp_path, ReadContext(load_rubric(rubric_file)))
    assert [(f.check, f.claimed, f.expected) for f in result.findings] == [("grade_mismatch", "A", "B")]


def test_the_default_rubric_does_not_read_those_words(tmp_path: Path) -> None:
    result = process_file(_report(tmp_path, "B"), tmp_path, ReadContext(load_rubric()))
    x = result.extraction
    assert x is None or (x.total is None and x.grade is None and not x.subtotals)


@pytest.mark.parametrize(
    ("table", "sentence"),
    [
        ('[vocabulary]\nscore_label = ["分"]', "unknown vocabulary key(s) score_label"),
        ('[vocabulary]\nsubtotal_labels = "小結"', "vocabulary subtotal_labels must be a list of words"),
        ("[vocabulary]\nsubtotal_labels = []", "vocabulary subtotal_labels needs at least one word"),
        ('roc_years = ["110"]', "roc_years must be a list of ROC years"),
    ],
)
def test_a_wrong_vocabulary_is_refused_with_a_sentence(tmp_path: Path, table: str, sentence: str) -> None:
    base = TEST_RUBRIC.split("[vocabulary]")[0].replace("roc_years = [120]\n", "")
    rest = TEST_RUBRIC.split("[[dimensions]]", 1)[1]
    path = tmp_path / "bad.toml"
    if table.startswith("roc_years"):
        path.write_text(table + "\n" + base + "[[dimensions]]" + rest, encoding="utf-8")
    else:
        path.write_text(base + table + "\n\n[[dimensions]]" + rest, encoding="utf-8")
    with pytest.raises(RubricError, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        load_rubric(path)


def test_a_report_of_a_year_the_rubric_is_not_for_says_so_and_is_still_read(tmp_path: Path) -> None:
    """The test rubric is for 120; the same report titled 121 is read with it, with a note."""
    path = tmp_path / "test-rubric.toml"
    path.write_text(TEST_RUBRIC, encoding="utf-8")
    report = _report(tmp_path, "B")
    document = python_docx.Document(str(report))
    document.paragraphs[0].text = "測試機關121年度提升服務效能執行績效與成果"
    document.save(str(report))
    result = process_file(report, tmp_path, ReadContext(load_rubric(path)))
    assert result.status == "ok"
    assert result.error == "the rubric is for the reports of 120, not 121: read with it anyway"
    assert result.extraction is not None and result.extraction.total is not None
