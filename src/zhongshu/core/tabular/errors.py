"""`TableError`: a spreadsheet refused as a whole (too large, not .xlsx, no header, …).

Row-level problems are not exceptions: the reader collects them in `ReadResult.errors`.
`code` tells the cases apart for callers and tests: file_too_large, empty_file, legacy_xls,
encrypted, text_file, not_xlsx, unpacked_too_large, empty_workbook, sheet_not_found,
several_sheets, no_header, missing_columns, duplicate_columns, too_many_rows, rows_invalid.
"""

from __future__ import annotations

from zhongshu.core.errors import UserError


class TableError(UserError):
    status = 400
    code = "table_refused"
