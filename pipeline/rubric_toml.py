"""A drafted rubric (``pipeline.rubric_draft``) as a rubric file ``pipeline.rubric`` loads.

The file is meant for a person to check and correct before it reads anyone's reports, so it is
written the way ``rubrics/110.toml`` is: comments that say where each part came from, one table
per dimension, item and indicator, every string on one line. The words are written out in full
(``[vocabulary]``), so the draft reads the same wherever the default rubric's words go.
"""

from __future__ import annotations

import json
from dataclasses import fields

from pipeline.i18n import _
from pipeline.rubric_draft import DraftRubric
from pipeline.text import number


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes (``\\"``, ``\\\\``, ``\\n``, ``\\uXXXX``) are TOML's too."""
    return json.dumps(text, ensure_ascii=False)


def _strings(words: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_string(w) for w in words) + "]"


def draft_toml(draft: DraftRubric) -> str:
    """The rubric file of ``draft``, ready for ``load_rubric``."""
    total = sum(d.max_points or 0.0 for d in draft.dimensions)
    lines = [
        "# " + _("A rubric drafted by `kaohe rubric draft` from {file}.").format(file=draft.source),
        "# " + _("Check every entry against the official rubric before reading other reports with it."),
        "",
        f"name = {_string(draft.name)}",
        f"description = {_string(_('drafted from {file}').format(file=draft.source))}",
        f"roc_years = [{draft.roc_year}]" if draft.roc_year is not None else "roc_years = []",
        f"total = {number(total)}",
        "",
        "# " + (_("Grade bands as the report's legend prints them, highest first.") if draft.grades_printed
                else _("The report prints no grade legend: these bands are the default rubric's.")),
        "grades = [",
        *(f"  {{ grade = {_string(g.grade)}, min = {number(g.min_points)} }}," for g in draft.grades),
        "]",
        "",
        "# " + _("The words the report was read in; its item tables' headers print: {words}.").format(
            words=", ".join(draft.header_words) or "-"),
        "[vocabulary]",
        *(f"{f.name} = {_strings(getattr(draft.vocabulary, f.name))}" for f in fields(draft.vocabulary)),
    ]
    for dim in draft.dimensions:
        lines += ["", "[[dimensions]]", f"no = {_string(dim.no)}", f"name = {_string(dim.name)}",
                  f"max = {number(dim.max_points or 0.0)}"]
        for item in dim.items:
            lines += ["", "  [[dimensions.items]]", f"  no = {_string(item.no)}", f"  name = {_string(item.name)}",
                      f"  max = {number(item.max_points or 0.0)}"]
            for ind in item.indicators:
                lines += ["", "    [[dimensions.items.indicators]]", f"    no = {_string(ind.no)}",
                          f"    name = {_string(ind.name)}", f"    subs = {_strings(ind.subs)}"]
    return "\n".join(lines) + "\n"
