"""Exceptions that carry a sentence for a person, the file status they mean and an exit code.

Parsers and stages raise these; ``pipeline.run`` turns them into a ``reports.csv`` row and
``pipeline.cli`` is the only place that turns them into exit codes. A message is written for
an auditor, not a developer: it says what is wrong with the file, not where the code failed.
"""

from __future__ import annotations

from enum import IntEnum

from pipeline.escape import visible
from pipeline.i18n import _
from pipeline.statuses import Status


class ExitCode(IntEnum):
    ok = 0
    findings = 1
    files_failed = 2
    bad_usage = 3
    internal_error = 4  # kaohe itself failed (a bug): the traceback is in kaohe.log


class KaoheError(Exception):
    """Base of every error kaohe reports; ``str(err)`` is the sentence shown to a person.

    A sentence often names a part or a file from the input, so its control characters are
    made visible here, once for every place it is shown (``pipeline.escape``)."""

    status = Status.failed
    exit_code = ExitCode.files_failed

    def __init__(self, message: str) -> None:
        self.message = visible(message)
        super().__init__(self.message)

    def reworded(self, message: str) -> KaoheError:
        """The same error, its status and exit code, with another sentence (one that adds the
        file's name, say): made as unpickling makes it, whatever the class's ``__init__`` takes."""
        return _restore(type(self), message)

    def __reduce__(self) -> tuple[object, tuple[type[KaoheError], str]]:
        """Pickled as its class and sentence, so that it crosses from a worker process
        (``pipeline.isolate``) whatever its ``__init__`` takes (``EmptyFileError`` takes nothing)."""
        return _restore, (type(self), self.message)


def _restore(cls: type[KaoheError], message: str) -> KaoheError:
    err = cls.__new__(cls)
    KaoheError.__init__(err, message)
    return err


class UsageError(KaoheError):
    """The command line or a configuration file (such as a rubric) is wrong."""

    exit_code = ExitCode.bad_usage


class RubricError(UsageError):
    """The rubric file does not describe a valid rubric."""


class UnsupportedFormat(KaoheError):
    """The file is not a report format at all (a picture, a spreadsheet): it is skipped."""

    status = Status.skipped


class InputFileError(KaoheError):
    """The file is a report format but cannot be read."""


class EmptyFileError(InputFileError):
    def __init__(self) -> None:
        super().__init__(_("file is empty"))


class WrongFormatError(InputFileError):
    """The content does not match what the file's name says it is."""


class EncryptedError(InputFileError):
    pass


class DamagedFileError(InputFileError):
    pass


class NoTextError(InputFileError):
    """The file opens but holds no machine-readable text (scanned pages, missing font maps)."""


class ConversionError(InputFileError):
    """A legacy format could not be converted to one kaohe reads."""


class UnsafeFileError(DamagedFileError):
    """The file is built in a way that could harm a reader (a zip bomb, a DOCTYPE with entities,
    a part named like a path out of the package): it is refused before anything in it is used."""


class TooLargeError(InputFileError):
    """The file is bigger than any report: more pages, parts or bytes than kaohe reads."""


class NotAReportError(KaoheError):
    """The file reads fine but holds nothing of the rubric."""

    status = Status.failed
