"""The rubric's words stand in the rubric file, not in the code.

Every string literal of the product's code (docstrings aside: they explain with examples) is
searched for the header words, score labels and 小計 / 總分 / 等第 words of the default rubric's
vocabulary. Only the rubric file and its loader may hold them, so that a rubric with other
words needs no change to the code.

Two exceptions, each for a reason: the column descriptions of the output schema describe the
dataset to people (as docstrings do), and 合計 / 總計 are also plain Chinese for "in all" in a
narrative sentence (`合計88站`), which the quantity grammar reads whatever the rubric; so of the
total labels only the rubric's own word (總分) is searched.
"""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline.vocabulary import default_vocabulary
from tests.conftest import ROOT

#: The loader of the rubric file and its vocabulary, and the output's column descriptions.
EXEMPT = {"pipeline/rubric.py", "pipeline/vocabulary.py", "pipeline/schema.py"}


def _words() -> set[str]:
    v = default_vocabulary()
    lists = (
        v.item_headers, v.indicator_headers, v.sub_indicator_headers, v.unit_headers, v.result_headers,
        v.score_headers, v.score_labels, v.subtotal_labels, (v.total,), v.grade_labels, v.summary_headers,
    )
    return {w for words in lists for w in words if len(w) >= 2}


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_rubric_word_is_written_into_the_code() -> None:
    words = _words()
    found = []
    for path in sorted([*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("parsers/**/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if name in EXEMPT:
            continue
        for line, text in _literals(path):
            hits = sorted(w for w in words if w in text)
            if hits:
                found.append(f"{name}:{line}: {', '.join(hits)} in {text[:60]!r}")
    assert not found, "rubric words written into the code (they belong in the rubric file):\n" + "\n".join(found)


def test_the_search_finds_a_word_where_one_is_written(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""得分 in a docstring is fine."""\nLABEL = "自評得分"\n', encoding="utf-8")
    assert [text for _, text in _literals(sample) if any(w in text for w in _words())] == ["自評得分"]
