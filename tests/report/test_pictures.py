"""Evidence pictures made by the worker that read the file (pipeline.write.pictures): the
same pictures report.html would render on its own, and a follow-up that fails costs only them."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.options import Limits, ReadContext
from pipeline.rubric import load_rubric
from pipeline.rubric_set import RubricSet
from pipeline.statuses import Status
from pipeline.write import pictures, view
from tests.conftest import SAMPLES

RUBRICS = RubricSet.one(load_rubric())


def _inbox(tmp_path: Path, *names: str) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, inbox / name)
    return inbox


def test_the_reading_workers_pictures_are_those_the_page_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = _inbox(tmp_path, "110_taichung.pdf", "110_keelung_rotate90.pdf", "110_tainan.docx")
    batch = run_batch(inbox, ReadContext(RUBRICS), limits=Limits(workers=2, timeout=60),
                      follow_up=pictures.follow_up(RUBRICS))
    assert set(batch.follow_ups) == {"110_taichung.pdf", "110_keelung_rotate90.pdf"}  # a Word file has none
    assert all(err is None for _, err in batch.follow_ups.values())
    rendered = view.report_views(batch.results, RUBRICS, inbox, Limits(workers=1))
    monkeypatch.setattr(view, "render_evidence", lambda *a, **k: pytest.fail("rendered again"))
    made = view.report_views(batch.results, RUBRICS, inbox, Limits(workers=1), pictures=batch.follow_ups)
    shots, again = _shots(made), _shots(rendered)
    assert shots == again
    assert sum(1 for shot, _ in shots if getattr(shot, "image", "")) > 20


def test_a_lone_files_pictures_from_pages_loaded_ahead_are_those_the_page_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = _inbox(tmp_path, "110_taichung.pdf")  # one file: read by a child, its pages loaded ahead by another
    batch = run_batch(inbox, ReadContext(RUBRICS), limits=Limits(workers=2, timeout=60),
                      follow_up=pictures.follow_up(RUBRICS))
    assert set(batch.follow_ups) == {"110_taichung.pdf"} and batch.follow_ups["110_taichung.pdf"][1] is None
    rendered = view.report_views(batch.results, RUBRICS, inbox, Limits(workers=1))
    monkeypatch.setattr(view, "render_evidence", lambda *a, **k: pytest.fail("rendered again"))
    made = view.report_views(batch.results, RUBRICS, inbox, Limits(workers=1), pictures=batch.follow_ups)
    assert _shots(made) == _shots(rendered)
    assert sum(1 for shot, _ in _shots(made) if getattr(shot, "image", "")) > 10


def test_only_a_pdf_is_prepared_for() -> None:
    follow_up = pictures.follow_up(RUBRICS, password="secret")
    assert follow_up.prepare(Path("a.docx")) is None and follow_up.prepare(Path("a.odt")) is None
    ahead = follow_up.prepare(Path("a.PDF"))
    assert isinstance(ahead, partial) and ahead.args == (Path("a.PDF"), "secret")


def _shots(views: list[view.ReportView]) -> list[tuple[object, str]]:
    items = [(i.shot, i.no) for v in views for i in v.items]
    return items + [(f.shot, f.anchor) for v in views for f in v.findings]


def _fails(result: object, path: Path) -> object:
    return partial(_raise, path.name)


def _raise(name: str) -> None:
    raise RuntimeError(name)


def test_a_follow_up_that_fails_leaves_the_file_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = _inbox(tmp_path, "110_taichung.pdf")
    batch = run_batch(inbox, ReadContext(RUBRICS), limits=Limits(workers=1, timeout=60), follow_up=_fails)
    assert [r.status for r in batch.results] == [Status.ok]
    value, err = batch.follow_ups["110_taichung.pdf"]
    assert value is None and isinstance(err, RuntimeError)
    # The page then shows each figure's text and why it has no picture, and renders nothing itself.
    monkeypatch.setattr(view, "render_evidence", lambda *a, **k: pytest.fail("rendered again"))
    views = view.report_views(batch.results, RUBRICS, inbox, Limits(workers=1), pictures=batch.follow_ups)
    shots = [i.shot for i in views[0].items if i.shot is not None]
    assert shots and all(not s.image and s.reason == "rendering failed (RuntimeError)" for s in shots)
