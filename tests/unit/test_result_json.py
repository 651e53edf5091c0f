"""The cache's JSON codec: a result survives the round trip exactly; nothing else is accepted."""

from __future__ import annotations

import json

import pytest

from pipeline import result_json
from pipeline.document import BBox
from pipeline.result_json import ResultJsonError
from pipeline.results import Evidence, Extraction, Figure, ItemRow, Recomputed, ReportResult, Title
from pipeline.statuses import ReadFrom, Status

EVIDENCE = Evidence("本項得分：85分", 3, BBox(10.0, 20.5, 30, 40))
RESULT = ReportResult(
    "abc123", "a.pdf", "pdf", Status.ok, pages=4,
    extraction=Extraction(
        Title("經濟部標準檢驗局", "基隆分局", 110), (ItemRow("1.1", 85, 99.5, EVIDENCE, ReadFrom.text, ""),),
        {"1": Figure(85.0, EVIDENCE)}, {}, None, None,
    ),
    recomputed=Recomputed({"1": 85}, 85.0, "優"),
)


def test_a_result_comes_back_equal_with_the_same_repr() -> None:
    back = result_json.loads(result_json.dumps(RESULT))
    assert back == RESULT and repr(back) == repr(RESULT), "ints stay ints, floats floats, tuples tuples"


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(status="hacked"),
        lambda d: d.update(pages="4"),
        lambda d: d.update(pages=True),
        lambda d: d.update(extra=1),
        lambda d: d.pop("error"),
        lambda d: d["extraction"]["item_rows"][0].update(score="85"),
        lambda d: d["extraction"]["item_rows"][0]["evidence"].update(bbox=[1, 2, 3, 4]),
        lambda d: d.update(recomputed=None),  # a result with an extraction has its sums
        lambda d: d.update(findings={"check": "x"}),
        lambda d: d["extraction"].update(subtotals=[]),
    ],
)
def test_a_value_of_the_wrong_shape_refuses_the_entry(edit: object) -> None:
    data = json.loads(result_json.dumps(RESULT))
    edit(data)  # type: ignore[operator]
    with pytest.raises(ResultJsonError):
        result_json.loads(json.dumps(data))


@pytest.mark.parametrize("text", ["", "[", "NaN", '{"__class__": "os.system"}', "[" * 100_000 + "]" * 100_000])
def test_what_is_not_a_result_is_refused(text: str) -> None:
    with pytest.raises(ResultJsonError):
        result_json.loads(text)


def _leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path]


@pytest.mark.parametrize("wrong", ["text", 7, 7.5, True, None, [], {}])
def test_the_quick_decoder_refuses_what_the_checked_one_refuses(wrong: object) -> None:
    """``loads`` decodes without a path for every value and asks the checked decoder only when
    it refuses one: every leaf of a result replaced by a value of another type is either read
    alike by both or refused by both."""
    data = json.loads(result_json.dumps(RESULT))
    for path in _leaves(data):
        edited = json.loads(json.dumps(data))
        holder = edited
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = wrong
        try:
            checked = result_json._decode(ReportResult, edited, "result")
        except ResultJsonError:
            checked = None
        try:
            quick = result_json._decoder(ReportResult)(edited)
        except result_json._Refused:
            quick = None
        assert repr(quick) == repr(checked), path
        if checked is None:
            with pytest.raises(ResultJsonError):
                result_json.loads(json.dumps(edited))
