"""A report whose every text is hostile: markup, script, formulas, control characters."""

from __future__ import annotations

from pipeline.recompute import recompute
from pipeline.results import Evidence, Extraction, Figure, Finding, Grade, ItemRow, ReportResult, Title
from pipeline.rubric import load_rubric

SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src=x onerror="window.__pwned = 2">'
FORMULA = '=HYPERLINK("https://example.invalid","click")'


def hostile_results() -> list[ReportResult]:
    extraction = Extraction(
        title=Title(organization=FORMULA, unit=f"{SCRIPT}分局", roc_year=110),
        item_rows=(
            ItemRow("1.1", 90.0, 100.0, Evidence(f"服務一致及正確性 {IMAGE}\n得分：90")),
            ItemRow(None, 7.0, 12.0, Evidence(f"{SCRIPT}\x07 得分：7")),
        ),
        subtotals={"1": Figure(95.0, Evidence(f"小計 95 {IMAGE}"))},
        summary={},
        total=Figure(90.0, Evidence("90")),
        grade=Grade("甲", Evidence("甲")),
    )
    findings = (
        Finding(
            "subtotal_mismatch", "error", f"The 小計 {SCRIPT} is printed as 95 but …",
            dimension_no="1", claimed="95", expected="90",
        ),
        Finding("unmatched_row", "warning", f"The row 「{IMAGE}」 matches no rubric item.", claimed=FORMULA),
    )
    return [
        ReportResult(
            "0123456789ab", f"{SCRIPT}.docx", "docx", "ok", extraction=extraction, findings=findings,
            recomputed=recompute(extraction, load_rubric()),
        ),
        ReportResult("ba9876543210", f"{FORMULA}.pdf", "pdf", "failed", error=f"damaged PDF: {SCRIPT}"),
    ]
