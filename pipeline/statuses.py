"""The words kaohe writes for what became of a file, how much a finding matters and where a
score was read.

They are enums so that a misspelt status is an error where it is written, not a row that
quietly sorts or counts wrong. They are ``StrEnum``: a member equals, hashes and prints as its
plain value (``Status.ok == "ok"``, ``str(Status.ok) == "ok"``), so the CSV files, run.json and
the auditor's page show exactly the contract's words. Nothing of ours is imported here, so
``pipeline.errors`` (which the parsers import) can use them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A file's ``status`` in reports.csv (docs/OUTPUT.md)."""

    ok = "ok"  # read and matched to the rubric
    partial = "partial"  # read, but rubric items or the 總分 were not found
    failed = "failed"  # could not be read: the reason is the row's error
    skipped = "skipped"  # not a report format, or a copy of an earlier file


class Severity(StrEnum):
    """A finding's ``severity`` in findings.csv: an error disagrees with the rubric's arithmetic,
    a warning is worth a look (a duplicate row, a row of no rubric item, the narrative's sums)."""

    error = "error"
    warning = "warning"


class ReadFrom(StrEnum):
    """Where an item's 得分 was read (scores.csv ``read_from``): a figure read by OCR is a
    reading of a picture and may be a misreading, one from the text is what the file says."""

    text = "text"  # the file's text layer (PDF) or its XML (DOCX, ODT)
    ocr = "ocr"  # recognised in a scanned page's image
