"""An output folder into pandas, each column with the type datapackage.json gives it.

``pandas.read_csv`` guesses: item ``1.10`` becomes the float 1.1, a year column with one empty
cell becomes float, a unit named ``NA`` becomes missing. ``read_output`` reads each CSV file of
a set with the types its own datapackage.json declares (``string`` as pandas' string type,
``integer`` as the nullable ``Int64``, ``number`` as ``float64``; only an empty cell is
missing), so the frames join and compare as the database does.

pandas is an optional extra (``pip install 'kaohe[pandas]'``): kaohe itself never needs it, so
it is imported here, when a frame is asked for, and its absence is a sentence, not a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import UsageError
from pipeline.i18n import _

if TYPE_CHECKING:
    import pandas as pd

#: Table Schema type -> the pandas dtype a column of it is read as.
DTYPES = {"string": "string", "integer": "Int64", "number": "float64"}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise UsageError(_("reading the output with pandas needs pandas: pip install 'kaohe[pandas]'")) from None
    return pandas


def _resources(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        return {r["name"]: r for r in package["resources"]}
    except FileNotFoundError:
        sentence = _("no datapackage.json in {folder}: is it a kaohe output folder?")
        raise UsageError(sentence.format(folder=folder)) from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise UsageError(_("{path} cannot be read: {error}").format(path=path, error=err)) from None


def _frame(folder: Path, resource: dict[str, Any]) -> pd.DataFrame:
    pandas = _pandas()
    fields = resource["schema"]["fields"]
    frame: pd.DataFrame = pandas.read_csv(
        folder / resource["path"], encoding=resource.get("encoding", "utf-8-sig"),
        dtype={f["name"]: DTYPES.get(f["type"], "string") for f in fields},
        keep_default_na=False, na_values=[""],
    )
    return frame


def read_table(folder: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """One file of the set (``"findings"`` or ``"findings.csv"``) as a typed DataFrame."""
    root = Path(folder)
    resources = _resources(root)
    key = name.removesuffix(".csv")
    if key not in resources:
        raise UsageError(
            _("{name} is not a file of the output set (one of: {names})").format(name=name, names=", ".join(resources))
        )
    return _frame(root, resources[key])


def read_output(folder: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every file of the set, by name (``reports``, ``scores``, …), as typed DataFrames."""
    root = Path(folder)
    return {name: _frame(root, resource) for name, resource in _resources(root).items()}
