"""The import problems as a spreadsheet the user can download, fix from, and keep.

One line per problem, in the order of `ReadResult.error_report()`: 行号, 列, 值, 问题,
then (include_row=True) the row's own cells under the file's headers, so that the user
recognises the row without switching windows. File-level problems have an empty 行号.
"""

from __future__ import annotations

import io

from .result import ReadResult, RowError
from .text import display
from .writer import Column, Sheet, write_xlsx

REPORT_COLUMNS = (Column("行号", width=8, kind="int"), Column("列", width=16, wrap=True),
                  Column("值", width=28, wrap=True), Column("问题", width=60, wrap=True))


def error_report_sheet(result: ReadResult, *, include_row: bool = True, name: str = "导入问题") -> Sheet:
    """A Sheet listing every error of `result` (for write_xlsx or xlsx_response)."""
    keys = list(result.headers) if include_row else []
    by_number = {row.number: row for row in result.rows}
    columns = list(REPORT_COLUMNS) + [Column(result.headers[k], width=18, wrap=True) for k in keys]

    def line(error: RowError):
        row = by_number.get(error.row)
        extra = [display(row.raw.get(k)) if row is not None else None for k in keys]
        return (error.row, error.field, error.value, error.message, *extra)

    errors = sorted(result.errors, key=RowError.sort_key)
    title = f"导入问题清单：工作表「{result.sheet}」共 {len(errors)} 处问题，请逐条修改后重新导入"
    return Sheet(name, columns, (line(e) for e in errors), title=title)


def error_report_xlsx(result: ReadResult, *, include_row: bool = True) -> bytes:
    """The .xlsx bytes of error_report_sheet(result)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [error_report_sheet(result, include_row=include_row)])
    return buffer.getvalue()
