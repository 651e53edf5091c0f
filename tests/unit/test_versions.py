"""The version rule, one step at a time (pipeline.versions)."""

from __future__ import annotations

from pipeline.results import Evidence, Extraction, Figure, Recomputed, ReportResult, Title
from pipeline.statuses import Status
from pipeline.versions import group_versions, version_rank


def _report(
    name: str, total: float, status: Status = Status.ok, unit: str = "基隆分局", year: int = 110
) -> ReportResult:
    x = Extraction(Title("經濟部標準檢驗局", unit, year), (), {}, {}, Figure(total, Evidence(str(total))), None)
    return ReportResult(name[:12].ljust(12, "0"), name, "pdf", status, "", 1, x, (), Recomputed({}, total, "甲"))


def _chosen(results: list[ReportResult], **kwargs: object) -> str:
    [group] = group_versions(results, **kwargs)  # type: ignore[arg-type]
    return group.chosen.source_file


def test_names_rank_final_over_revised_over_neither() -> None:
    names = ("a/基隆_定稿.pdf", "基隆_修正版.docx", "基隆.pdf", "定稿/基隆.pdf")
    assert [version_rank(n) for n in names] == [2, 1, 0, 0]


def test_final_beats_revised_beats_a_later_file() -> None:
    files = [_report("b_修正版.pdf", 850), _report("a_定稿.pdf", 845), _report("c.pdf", 860)]
    times = {"a_定稿.pdf": 1.0, "b_修正版.pdf": 2.0, "c.pdf": 3.0}
    assert _chosen(files, modified=times) == "a_定稿.pdf"
    assert _chosen(files[::2], modified=times) == "b_修正版.pdf"


def test_a_whole_reading_beats_a_partial_one_then_the_latest_time_then_path_order() -> None:
    files = [_report("a.pdf", 845), _report("b.pdf", 850, Status.partial), _report("c.pdf", 860)]
    assert _chosen(files, modified={"a.pdf": 5.0, "b.pdf": 9.0, "c.pdf": 1.0}) == "a.pdf"
    assert _chosen(files) == "c.pdf"  # no times: the last in path order


def test_prefer_wins_and_the_first_preferred_wins_among_them() -> None:
    files = [_report("a_定稿.pdf", 845), _report("b.pdf", 850), _report("c.pdf", 860)]
    assert _chosen(files, prefer=["b.pdf"]) == "b.pdf"
    assert _chosen(files, prefer=["c.pdf", "b.pdf"]) == "c.pdf"


def test_versions_are_grouped_by_unit_and_year_and_listed_in_path_order() -> None:
    files = [
        _report("z.pdf", 845), _report("a.pdf", 850), _report("m.pdf", 860, year=111),
        _report("k.pdf", 870, unit="新竹分局"), _report("f.pdf", 800, Status.failed),
    ]
    groups = group_versions(files)
    assert [(g.unit, g.roc_year, [r.source_file for r in g.versions]) for g in groups] == [
        ("基隆分局", 110, ["a.pdf", "z.pdf"]), ("基隆分局", 111, ["m.pdf"]), ("新竹分局", 110, ["k.pdf"]),
    ]
    assert groups[0].competing and not groups[1].competing
