"""``report.html``: the auditor's page, one self-contained file that opens from disk.

Jinja2 lays out the views of ``pipeline.write.view`` with autoescape on: every string that came
from a document (a unit, a cell's text, an error sentence) is escaped, and none is ever marked
safe. Only kaohe's own style sheet and script are inserted as they are, and the page's
Content-Security-Policy allows exactly those two (by their hashes) and ``data:`` images: no
network, and a script smuggled in by a document would not run even if escaping failed.

Its words are in the run's language: the template calls ``_`` and ``ngettext`` (``pipeline.i18n``,
brace placeholders as in the code, so one catalog style serves both) and shows the contract's
codes through ``pipeline.labels``. The script works on what the page already shows (filters,
folding, enlarging a picture); without it the page shows everything, unfolded.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline import __version__, labels
from pipeline.i18n import _, language, ngettext
from pipeline.options import Limits
from pipeline.results import ReportResult, figures_to_review, ocr_figures_to_review
from pipeline.rubric_set import Rubrics, RubricSet, as_set, rubric_id
from pipeline.statuses import Status
from pipeline.versions import UnitYear, group_versions
from pipeline.worker import Outcome
from pipeline.write.chart import build_chart
from pipeline.write.csv import atomic_write
from pipeline.write.links import page_link, source_links
from pipeline.write.template_cache import UserTemplateCache, compile_options
from pipeline.write.trend_view import unit_charts, unit_year_views
from pipeline.write.view import report_views

TEMPLATES = Path(__file__).with_name("templates")
PAGE = "report.html.j2"


def warm() -> None:
    """Compile the page's template now (a sixth of a second where no compiled copy is kept,
    ``pipeline.write.template_cache``), while the files are still being read: the environment
    keeps it for the render."""
    _environment().get_template(PAGE)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.bytecode_cache = UserTemplateCache(compile_options(env))
    env.globals.update(_=_say, ngettext=_say_n, labels=labels, page_link=page_link)
    return env


def _say(message: str, **values: object) -> str:
    """``message`` in the run's language, its ``{placeholders}`` filled (escaped by autoescape)."""
    return _(message).format(**values) if values else _(message)


def _say_n(singular: str, plural: str, n: int, **values: object) -> str:
    return ngettext(singular, plural, n).format(n=n, **values)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def render_html(
    results: Sequence[ReportResult], rubrics: Rubrics, root: Path | None, limits: Limits | None = None,
    unit_years: Sequence[UnitYear] | None = None, page_folder: Path | None = None, password: str | None = None,
    pictures: Mapping[str, Outcome] | None = None,
) -> str:
    """The page for ``results``; ``root`` is the input folder (PDF evidence is cropped from it, in
    workers under ``limits``, encrypted PDFs opened with ``password``, where ``pictures`` does not
    hold a file's already); ``unit_years`` the versions as units.csv groups them; ``page_folder``
    the folder the page is opened from, which its links to the source files start from."""
    rubric_set = as_set(rubrics)
    links = source_links((r.source_file for r in results), root, page_folder) if page_folder else {}
    views = report_views(results, rubric_set, root, limits, links, password, pictures)
    unit_years = group_versions(results) if unit_years is None else unit_years
    chart = build_chart([(v.result, v.row.anchor) for v in views], rubric_set)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    policy = (
        f"default-src 'none'; img-src data:; style-src '{_sha256(css)}'; script-src '{_sha256(script)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    statuses = Counter(r.status for r in results)
    units = sorted({v.row.unit for v in views if v.row.unit})
    years = sorted({v.row.roc_year for v in views if v.row.roc_year})
    return _environment().get_template(PAGE).render(
        lang="zh-Hant-TW" if language() == "zh-TW" else "en", units=units, years=years,
        views=views, chart=chart, rubric=rubric_set.default, rubrics=_rubrics_read(results, rubric_set),
        version=__version__, policy=policy,
        css=Markup(css), script=Markup(script),  # kaohe's own files, never document text
        statuses=statuses, total_findings=sum(len(r.findings) for r in results),
        reports_with_findings=sum(1 for r in results if r.findings), to_review=figures_to_review(results),
        ocr_to_review=ocr_figures_to_review(results),
        unread=[v for v in views if v.row.status in {Status.failed, Status.skipped}],
        unit_years=unit_year_views(unit_years), unit_charts=unit_charts(unit_years, rubric_set.of),
        anchors={f"{v.result.report_id}/{v.result.source_file}": v.row.anchor for v in views},
    )


def _rubrics_read(results: Sequence[ReportResult], rubrics: RubricSet) -> str:
    """The rubrics the reports were read with, as the page's summary names them: a folder of
    several years is read with several, and a reader should see which."""
    used = {rubrics.of(r).source for r in results if r.extraction is not None} or {rubrics.default.source}
    return "; ".join(f"{r.name} ({rubric_id(r)})" for r in rubrics if r.source in used)


def write_html(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, root: Path | None, limits: Limits | None = None,
    unit_years: Sequence[UnitYear] | None = None, page_folder: Path | None = None, password: str | None = None,
    pictures: Mapping[str, Outcome] | None = None,
) -> Path:
    """report.html in ``folder``; ``page_folder`` is where it will be opened from (``folder`` unless
    it is written into a staging folder first)."""
    path = folder / "report.html"
    page = render_html(results, rubrics, root, limits, unit_years, page_folder or folder, password, pictures)
    atomic_write(path, page.encode("utf-8"))
    return path
