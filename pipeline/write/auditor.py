"""The auditor's files beside the CSVs: report.html, report.xlsx and datapackage.json."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline import forked
from pipeline.forked import Started
from pipeline.options import Limits
from pipeline.results import ReportResult
from pipeline.rubric_set import Rubrics
from pipeline.versions import UnitYear
from pipeline.worker import Outcome
from pipeline.write.datapackage import write_datapackage
from pipeline.write.xlsx import write_xlsx


def warm() -> None:
    """What writing the files costs before the first row (importing Jinja2 and the page's writers,
    the page's template compiled), paid ahead: ``pipeline.api`` has it done while files are read
    where a core is free for it. Otherwise ``write_auditor_files`` pays it, after the workbook's
    child is forked: this module imports the page's writer only then."""
    from pipeline.write.html import warm as compile_page

    compile_page()


def start_workbook(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, source: Path,
    unit_years: Sequence[UnitYear] | None = None,
) -> Started:
    """Begin writing report.xlsx into ``folder`` in a child of its own (``pipeline.forked``), for
    ``write_auditor_files`` to wait for: the CSV files, kaohe.sqlite and report.html are written
    meanwhile, on the other core."""
    root = source if source.is_dir() else source.parent
    return forked.start(lambda: write_xlsx(results, rubrics, folder, unit_years, root))


def write_auditor_files(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, source: Path, limits: Limits | None = None,
    unit_years: Sequence[UnitYear] | None = None, page_folder: Path | None = None, password: str | None = None,
    pictures: Mapping[str, Outcome] | None = None, workbook: Started | None = None,
) -> list[Path]:
    """Write the three files into ``folder``; ``source`` is the input folder (or the single input file),
    ``limits`` those the evidence pictures are rendered under (the run's, as for reading),
    ``unit_years`` the versions as units.csv groups and chooses them, ``page_folder`` the folder the
    files will be opened from (their links to the source files start there; ``folder`` by default),
    ``password`` the run's ``--password``, which opens encrypted PDFs to render their pictures,
    ``pictures`` those the reading workers made already (``pipeline.write.pictures``), ``workbook``
    report.xlsx begun by ``start_workbook`` (waited for here), else it is written here."""
    from pipeline.write.html import write_html

    folder.mkdir(parents=True, exist_ok=True)
    root = source if source.is_dir() else source.parent
    html = write_html(results, rubrics, folder, root, limits, unit_years, page_folder, password, pictures)
    if workbook is not None:
        workbook.wait()
        xlsx = folder / "report.xlsx"
    else:
        xlsx = write_xlsx(results, rubrics, folder, unit_years, root)
    return [html, xlsx, write_datapackage(folder)]
