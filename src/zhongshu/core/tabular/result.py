"""What `read_xlsx` returns: the rows, every problem found, and warnings.

The reader never stops at the first problem: `errors` holds one RowError per bad cell of
every row (plus file-level ones with row=None), so the caller can refuse the whole import
and show the user everything to fix at once. A caller that finds more problems itself
(a unit name that does not exist, a duplicate in the database) adds them with
`add_error`, so that they appear in the same report. `raise_for_errors()` is the
all-or-nothing guard to call before saving anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string

from .errors import TableError
from .text import display


@dataclass
class RowError:
    """A problem in one cell (row and field), one row (field=None) or the file (row=None).

    `field` is the column header as written in the file; `key` is the Field.key and
    `column` the column letter, when known; `value` is the raw cell value as displayed.
    """

    row: int | None
    field: str | None
    value: str
    message: str
    key: str | None = None
    column: str | None = None

    def line(self) -> str:
        """'第 5 行「完成时限」：日期无效：…', '第 5 行：…', '「完成时限」：…' or the message."""
        where = f"第 {self.row} 行" if self.row is not None else ""
        if self.field:
            where += f"「{self.field}」"
        return f"{where}：{self.message}" if where else self.message

    __str__ = line

    def sort_key(self) -> tuple[int, int]:
        return (self.row or 0, column_index_from_string(self.column) if self.column else 0)


@dataclass
class Row:
    """One data row: `number` is the Excel row number, `values` the converted values by
    Field.key (None, or [] for lists, when blank or invalid), `raw` the cell values as read
    (after filling merged cells), `errors` this row's problems, `section` the text of the
    nearest section row above (a merged "一、深化改革" row), if any."""

    number: int
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    section: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ReadResult:
    rows: list[Row]
    errors: list[RowError]
    warnings: list[str]
    sheet: str
    header_row: int
    data_start: int
    headers: dict[str, str]
    """Field.key → the header text as written in the file, for the columns found."""
    letters: dict[str, str]
    """Field.key → the column letter, for the columns found."""
    field_headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Field.key → the declared header, used when the file has no such column."""
    _by_number: dict[int, Row] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, row: Row | int | None, key: str | None, message: str, value: Any = None) -> RowError:
        """Record a problem found by the caller (e.g. "单位不存在：市交通局") in this result."""
        if isinstance(row, int) and not isinstance(row, bool):
            if self._by_number is None:
                self._by_number = {r.number: r for r in self.rows}
            row_obj, number = self._by_number.get(row), row
        else:
            row_obj, number = row, (row.number if row is not None else None)
        if value is None and row_obj is not None and key is not None:
            value = row_obj.raw.get(key)
        header = (self.headers.get(key) or self.field_headers.get(key) or key) if key else None
        error = RowError(number, header, display(value), message, key=key, column=self.letters.get(key))
        self.errors.append(error)
        if row_obj is not None:
            row_obj.errors.append(error)
        return error

    def error_report(self, limit: int | None = None) -> list[str]:
        """Chinese lines, file-level problems first, then by row and column."""
        lines = [e.line() for e in sorted(self.errors, key=RowError.sort_key)]
        if limit is not None and len(lines) > limit:
            lines = lines[:limit] + [f"……另有 {len(lines) - limit} 处问题"]
        return lines

    def raise_for_errors(self) -> None:
        """TableError(code="rows_invalid", details=all lines) when there is any error."""
        if not self.errors:
            return
        lines = self.error_report()
        shown = "；".join(lines[:3]) + ("……" if len(lines) > 3 else "")
        raise TableError(f"导入失败，未导入任何数据：共 {len(lines)} 处问题。{shown}", code="rows_invalid",
                         status=422, details=lines)
