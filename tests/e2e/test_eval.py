"""`kaohe eval` on the samples: every sample at 100% on every figure and every score finding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import Evaluation, evaluate
from tests.conftest import SAMPLES, TRUTH, Output


@pytest.fixture(scope="module")
def evaluation(sample_output: Output) -> Evaluation:
    return evaluate(sample_output.folder, TRUTH)


def test_every_sample_is_evaluated(evaluation: Evaluation) -> None:
    assert not evaluation.without_truth, f"documents without a truth file: {evaluation.without_truth}"
    assert sorted(d.source_file for d in evaluation.documents) == sorted(p.name for p in SAMPLES.iterdir())


def test_every_sample_is_at_100_percent(evaluation: Evaluation) -> None:
    short = {d.source_file: list(d.differences) for d in evaluation.documents if not d.scores.scores_perfect}
    assert not short, "documents below 100%:\n" + "\n".join(f"{k}: {'; '.join(v)}" for k, v in short.items())


def test_everything_including_the_narrative_is_at_100_percent(evaluation: Evaluation) -> None:
    assert evaluation.perfect


def test_the_command_prints_the_table_writes_eval_json_and_exits_by_accuracy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One consistent sample without narrative findings, so the command's verdict is 100%.
    samples, truth = tmp_path / "samples", tmp_path / "truth"
    samples.mkdir()
    truth.mkdir()
    shutil.copy(SAMPLES / "110_hsinchu.docx", samples)
    shutil.copy(TRUTH / "110_hsinchu.docx.json", truth)
    out = tmp_path / "out"
    assert main(["eval", "--samples", str(samples), "--truth", str(truth), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "items       100.0%  11/11" in printed and "documents below 100%: 0" in printed
    assert (out / "reports.csv").exists()
    data = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert data["perfect"] is True and data["overall"]["documents"] == 1

    # The same document against a truth that disagrees on one score: exit 1 and the document listed.
    wrong = json.loads((truth / "110_hsinchu.docx.json").read_text(encoding="utf-8"))
    wrong["items"]["2.1"] += 1
    (truth / "110_hsinchu.docx.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", "--samples", str(samples), "--truth", str(truth), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "110_hsinchu.docx: item 2.1 got 90 truth 91" in printed


def test_a_missing_truth_folder_is_bad_usage(tmp_path: Path) -> None:
    assert main(["eval", "--samples", str(SAMPLES), "--truth", str(tmp_path / "none"), "-o", str(tmp_path)]) == 3
