"""The command line as an office uses it: bad usage is exit 3 with one sentence, kaohe.toml,
--password, -v, and kaohe.log's warnings once per file."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main, parse_arguments
from pipeline.logfile import about, open_log
from pipeline.outputs import output_lock
from tests.conftest import ROOT, SAMPLES, Output, read_csv

BAD = ROOT / "samples" / "bad"
ENCRYPTED = "encrypted_user_password.pdf"
PASSWORD = "user-secret"  # samples/make_bad_samples.py


@pytest.fixture
def one_report(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "110_taichung.docx", folder)
    return folder


def _bad_usage(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv``: exit 3, one sentence on stderr (no traceback), nothing on stdout."""
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    assert code == 3, captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaohe: "), captured.err
    return lines[0].removeprefix("kaohe: ")


def test_an_output_folder_that_is_a_file(one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "results.txt"
    afile.write_text("not a folder")
    said = _bad_usage(capsys, ["extract", str(one_report), "-o", str(afile)])
    assert said == f"the output folder {afile} is a file, not a folder: name a folder with -o"
    said = _bad_usage(capsys, ["extract", str(one_report), "-o", str(afile / "sub")])
    assert said == f"the output folder {afile / 'sub'} cannot be made: part of its path is a file"
    assert afile.read_text() == "not a folder"


def test_a_read_only_output_folder(
    one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root writes into any folder: the disk says read-only instead
            real_mkdir = Path.mkdir

            def read_only(self: Path, *args: object, **kwargs: object) -> None:
                if self.parent == out:
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
                real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(Path, "mkdir", read_only)
        said = _bad_usage(capsys, ["extract", str(one_report), "-o", str(out)])
    finally:
        out.chmod(0o755)
    assert said.startswith(f"the output folder {out} cannot be written into (")
    assert said.endswith("): choose another with -o")
    assert list(out.iterdir()) == []


def test_an_output_folder_another_run_is_writing_into(
    one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out):
        said = _bad_usage(capsys, ["extract", str(one_report), "-o", str(out)])
    assert said == f"another kaohe run is writing into {out}: wait for it to end"


@pytest.mark.parametrize(
    ("case", "argv", "sentence"),
    [
        ("missing input", ["extract", "{tmp}/nowhere"], "input folder not found: {tmp}/nowhere"),
        ("rubric is a folder", ["extract", "{input}", "--rubric", "{tmp}"],
         "rubric file is a folder, not a file: {tmp}"),
        ("rubric not there", ["extract", "{input}", "--rubric", "{tmp}/no.toml"],
         "rubric file not found: {tmp}/no.toml"),
        ("broken rubric", ["extract", "{input}", "--rubric", "{tmp}/broken.toml"],
         "rubric file broken.toml is not valid"),
        ("bad option value", ["extract", "{input}", "--workers", "0"], "--workers: a whole number of 1 or more"),
        ("dask without a scheduler", ["extract", "{input}", "--executor", "dask"], "--executor dask needs --scheduler"),
    ],
)
def test_bad_usage_is_exit_3_with_one_sentence(
    one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, argv: list[str], sentence: str
) -> None:
    (tmp_path / "broken.toml").write_text("[dimensions\n")
    filled = [a.format(tmp=tmp_path, input=one_report) for a in argv]
    said = _bad_usage(capsys, [*filled, "-o", str(tmp_path / "out")])
    assert said.startswith(sentence.format(tmp=tmp_path)), case
    assert not (tmp_path / "out" / "reports.csv").exists(), "nothing is read"


def test_an_unknown_option_is_exit_3(one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(tmp_path / "out"), "--frobnicate"]) == 3
    err = capsys.readouterr().err
    assert "unrecognized arguments: --frobnicate" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("workerz = 2\n", "unknown key 'workerz' (the keys are: rubric, workers,"),
        ('workers = "two"\n', "workers: a whole number of 1 or more is needed, not 'two'"),
        ("workers = 0\n", "workers: a whole number of 1 or more is needed, not 0"),
        ('max-memory = "lots"\n', "max-memory: a size such as 512M or 2G is needed, not 'lots'"),
        ("ocr = 1\n", "ocr: true or false is needed, not 1"),
        ("verbose = 3\n", "verbose: 0, 1 or 2 is needed, not 3"),
        ('password = "x"\n', "a password is never read from a file: use --password or KAOHE_PASSWORD"),
        ("workers = [\n", "is not valid TOML"),
    ],
)
def test_a_bad_kaohe_toml_is_exit_3_naming_the_file(
    one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, sentence: str
) -> None:
    config = one_report / "kaohe.toml"
    config.write_text(text)
    said = _bad_usage(capsys, ["extract", str(one_report), "-o", str(tmp_path / "out")])
    assert said.startswith(str(config)) and sentence in said, said


def test_the_command_line_beats_input_s_kaohe_toml_which_beats_the_working_folder_s(
    one_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = tmp_path / "office"
    office.mkdir()
    (office / "rubrics").mkdir()
    (office / "kaohe.toml").write_text('timeout = 30\nquiet = true\nworkers = 1\nrubric = "rubrics/r.toml"\n')
    (one_report / "kaohe.toml").write_text("timeout = 60\nocr = false\nfail-on-findings = true\nverbose = 1\n")
    monkeypatch.chdir(office)
    args = parse_arguments(["extract", str(one_report)])
    assert (args.timeout, args.quiet, args.workers, args.fail_on_findings, args.verbose) == (60, True, 1, True, 1)
    assert args.rubric == office / "rubrics" / "r.toml", "a path is relative to its kaohe.toml"
    args = parse_arguments(["extract", str(one_report), "--timeout", "90", "--no-quiet", "--no-fail-on-findings"])
    assert (args.timeout, args.quiet, args.fail_on_findings, args.workers) == (90.0, False, False, 1)
    (one_report / "kaohe.toml").unlink()
    assert parse_arguments(["extract", str(one_report)]).timeout == 30
    monkeypatch.chdir(tmp_path)
    assert parse_arguments(["extract", str(one_report)]).timeout == 120


def test_kaohe_toml_settings_reach_the_run(one_report: Path, tmp_path: Path) -> None:
    """workers and the cache switch from INPUT's kaohe.toml are those of the run (run.json, .cache)."""
    (one_report / "kaohe.toml").write_text("workers = 1\ncache = false\n")
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(out), "--quiet"]) == 0
    import json

    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["limits"]["workers"] == 1 and not (out / ".cache").exists()
    rows = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert rows["kaohe.toml"]["status"] == "skipped", "the file is in INPUT: it has its row like any other"


def test_password_opens_an_encrypted_pdf_and_is_written_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(BAD / ENCRYPTED, inbox)
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet"]) == 2
    assert read_csv(out / "reports.csv")[0]["error"] == "encrypted PDF: a password is needed"
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet", "--password", "not-it"]) == 2
    wrong = "encrypted PDF: the password given (--password) does not open it"
    assert read_csv(out / "reports.csv")[0]["error"] == wrong
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet", "-vv", "--password", PASSWORD]) == 0
    row = read_csv(out / "reports.csv")[0]
    assert (row["status"], row["unit"], row["claimed_total"]) == ("ok", "臺中分局", "903")
    monkeypatch.setenv("KAOHE_PASSWORD", PASSWORD)  # the environment, out of the shell's history
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(tmp_path / "out2"), "--quiet"]) == 0
    capsys.readouterr()
    for folder in (out, tmp_path / "out2"):  # the renderer opened the file with the password too
        page = (folder / "report.html").read_text(encoding="utf-8")
        assert "no picture" not in page
        assert page.count('src="data:image/png;base64,') >= 10, "the figures' pictures, cropped from the file"
        for path in folder.rglob("*"):
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path
                assert PASSWORD not in path.name


def test_verbose_tells_what_became_of_each_file(one_report: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(out), "--quiet"]) == 0
    assert " INFO " not in (out / "kaohe.log").read_text(encoding="utf-8")
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(out), "--quiet", "-v"]) == 0
    lines = (out / "kaohe.log").read_text(encoding="utf-8").splitlines()
    said = r" INFO \[110_taichung\.docx\] kaohe: ok, taken from the cache, \d+ finding"
    assert any(re.search(said, line) for line in lines)


def test_verbose_shows_an_internal_error_s_traceback(
    one_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline.api, "extract", broken)  # the command imports it when it runs
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(tmp_path / "out")]) == 4
    assert "Traceback" not in capsys.readouterr().err
    assert main(["extract", "--lang", "en", str(one_report), "-o", str(tmp_path / "out"), "-v"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("kaohe: internal error (RuntimeError: a bug)") and "Traceback" in err


def test_a_warning_repeated_page_after_page_is_logged_once_per_file(tmp_path: Path) -> None:
    open_log(tmp_path, "run", tmp_path)
    import logging

    font = logging.getLogger("pdfminer.pdffont")
    with about("a.pdf"):
        for _ in range(40):
            font.warning("Could not get FontBBox from font descriptor")
        font.warning("another warning")
        logging.getLogger("kaohe").error("an error, kept every time")
        logging.getLogger("kaohe").error("an error, kept every time")
    with about("b.pdf"):
        font.warning("Could not get FontBBox from font descriptor")
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = [line.split(" ", 2)[2] for line in (tmp_path / "kaohe.log").read_text(encoding="utf-8").splitlines()[1:]]
    assert lines == [
        "WARNING [a.pdf] pdfminer.pdffont: Could not get FontBBox from font descriptor",
        "WARNING [a.pdf] pdfminer.pdffont: another warning",
        "ERROR [a.pdf] kaohe: an error, kept every time",
        "ERROR [a.pdf] kaohe: an error, kept every time",
        "WARNING [a.pdf] pdfminer.pdffont: the same warning came 39 more time(s) for this file: "
        "Could not get FontBBox from font descriptor",
        "WARNING [b.pdf] pdfminer.pdffont: Could not get FontBBox from font descriptor",
    ]


def test_the_samples_log_names_each_warning_once(sample_output: Output) -> None:
    """A warning about a file is in kaohe.log once, naming the file (the repeat count is tested
    above: the samples, read by PDFium, no longer make pdfminer warn about their fonts per page)."""
    lines = (sample_output.folder / "kaohe.log").read_text(encoding="utf-8").splitlines()
    messages = Counter(line.split(" ", 2)[2] for line in lines if " WARNING [" in line)
    assert not messages or max(messages.values()) == 1, messages.most_common(1)
    assert all(" WARNING [-] " not in line for line in lines), "every warning names its file"


def test_readme_lists_every_bad_usage_case_tested_here() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text[text.index("`3` bad usage"):].split("\n\n")[0]
    for case in ("input folder", "rubric", "a folder", "output folder", "read-only", "another run", "kaohe.toml",
                 "bad option"):
        assert case in listed, case


def test_help_names_the_new_options() -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", "--help"], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    for option in ("--password", "--verbose", "--no-cache", "--no-ocr", "--no-quiet"):
        assert option in done.stdout
