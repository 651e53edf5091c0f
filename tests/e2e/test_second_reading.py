"""The second reading end to end: it agrees on every sample, and a score only it finds is kept
with a reason to review it."""

from __future__ import annotations

from pathlib import Path

import docx as python_docx

from pipeline.flow import FLOW_ONLY
from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from tests.conftest import Output


def test_both_readings_agree_on_every_score_of_the_samples(sample_output: Output) -> None:
    flagged = [
        (row["report_id"], row["item_no"], row["review"])
        for row in sample_output.rows("scores.csv")
        if row["claimed_score"] and row["review"]
    ]
    assert flagged == []


def test_a_score_in_a_column_the_table_reader_does_not_take_is_kept_for_review(tmp_path: Path) -> None:
    """The score stands in a column headed 備註, not a score column: the table reader gives the
    row no score, the text flow reads `自評：88` on the item's line."""
    document = python_docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("評核項目", "執行績效與成果", "備註")):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "服務友善性\n(100分)"
    table.cell(1, 1).text = "完成無障礙設施檢視"
    table.cell(1, 2).text = "自評：88"
    path = tmp_path / "remark.docx"
    document.save(str(path))
    x = process_file(path, tmp_path, ReadContext(load_rubric())).extraction
    assert x is not None
    row = x.items()["1.2"]
    assert (row.score, row.review) == (88, FLOW_ONLY)


def test_the_terminal_and_the_report_count_the_figures_to_review() -> None:
    """110_hualien_drawn.pdf prints item 4.2 with an empty 得分: one figure to review."""
    from pipeline.cli import _summary
    from pipeline.write.html import render_html
    from tests.conftest import SAMPLES

    rubric = load_rubric()
    results = [process_file(SAMPLES / name, SAMPLES, ReadContext(rubric))
               for name in ("110_hualien_drawn.pdf", "110_keelung.docx")]
    assert "  1 figure(s) to review before trusting them" in _summary(results, Path("out"))
    page = render_html(results, rubric, SAMPLES)
    assert "1 figure(s) to review before trusting them" in page
    assert '<td class="review">row found, score unreadable</td>' in page
