"""What each table of a document is, decided once (``pipeline.classify``) and read by every stage.

A report holds item tables (評核項目 | … | 執行績效與成果), one summary table (自行考核結果統計表),
sometimes appendix tables after it with totals of their own, and sometimes a table used only to
lay out other tables (Word tables nested in a frame table). The body, summary and narrative
readers each need to know which is which; deciding it in one place, with the reason, keeps
them from disagreeing and lets a person see why a table was read or passed over.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from pipeline.document import Block, Document, Paragraph, Table


class TableKind(StrEnum):
    item = "item"  # rubric items, their scores, 小計 rows, indicators and narrative
    summary = "summary"  # the summary table: each dimension's figure, 總分, 等第
    appendix = "appendix"  # after the summary, with totals of its own: never read as the summary
    layout = "layout"  # a frame holding other tables, which are read in its place
    unknown = "unknown"  # nothing of the rubric: passed over


@dataclass(frozen=True)
class Columns:
    """The columns a header row names; ``header_row`` is -1 when the table has no header."""

    header_row: int = -1
    item: int | None = None
    score: int | None = None
    indicator: int | None = None
    sub: int | None = None
    units: int | None = None
    result: int | None = None


@dataclass(frozen=True)
class TableRole:
    table: Table
    kind: TableKind
    reason: str
    columns: Columns = field(default_factory=Columns)


@dataclass(frozen=True)
class Layout:
    """A document's blocks in reading order (a layout table followed by the tables it holds)
    and the role of each table among them."""

    document: Document
    blocks: tuple[Block, ...]
    roles: tuple[TableRole, ...]

    def role(self, table: Table) -> TableRole:
        """The role of a table of ``blocks`` (tables are told apart by identity, not equality)."""
        return self._by_id[id(table)]

    def tables(self, *kinds: TableKind) -> list[TableRole]:
        """The tables of these kinds, in reading order."""
        return [r for r in self.roles if r.kind in kinds]

    def walk(self) -> Iterator[Paragraph | TableRole]:
        """Paragraphs and table roles in reading order."""
        for block in self.blocks:
            yield block if isinstance(block, Paragraph) else self.role(block)

    @cached_property
    def _by_id(self) -> dict[int, TableRole]:
        return {id(r.table): r for r in self.roles}
