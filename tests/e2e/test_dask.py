"""Reading on a Dask cluster gives the same files, byte for byte, as local workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES

distributed = pytest.importorskip("distributed")

CSV_FILES = ("reports.csv", "scores.csv", "dimensions.csv", "indicators.csv", "metrics.csv", "findings.csv")
SAMPLE_FILES = ("110_taichung.pdf", "110_keelung.docx", "110_tainan.odt", "111_hualien_borderless.pdf")


@pytest.fixture(scope="module")
def cluster() -> object:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as local:
        yield local


def test_local_and_dask_runs_write_identical_csvs(tmp_path: Path, cluster: object) -> None:
    inbox = tmp_path / "in"
    (inbox / "分局").mkdir(parents=True)
    for name in SAMPLE_FILES:
        shutil.copy(SAMPLES / name, inbox / "分局" / name)
    (inbox / "empty.pdf").write_bytes(b"")
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert main(["extract", str(inbox), "-o", str(local), "--quiet", "--no-cache"]) == 2
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    code = main(["extract", str(inbox), "-o", str(remote), "--quiet", "--no-cache", "--executor", "dask",
                 "--scheduler", address])
    assert code == 2, "the empty file fails on the cluster too"
    for name in CSV_FILES:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), f"{name} differs"


def test_dask_needs_a_scheduler(tmp_path: Path) -> None:
    assert main(["extract", str(SAMPLES), "-o", str(tmp_path), "--executor", "dask"]) == 3
    assert main(["extract", str(SAMPLES), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"]) == 3
