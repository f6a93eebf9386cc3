"""Excel in and out for every domain module: declare columns, call one function.

Export (writer.py) — streaming, styled, printable:

    from zhongshu.core.tabular import Column, Sheet, xlsx_response
    cols = [Column("序号", width=6, kind="int"), Column("事项", width=40, wrap=True),
            Column("完成时限", width=14, kind="date"), Column("进度", width=8, kind="percent")]
    return xlsx_response("督查事项台账.xlsx", [Sheet("台账", cols, rows, title="…台账")])

Import (reader.py) — validated, all-or-nothing, every problem of every row:

    from zhongshu.core.tabular import Field, read_xlsx, TableError
    result = read_xlsx(request.FILES["file"], fields)     # TableError: file refused
    if not result.ok:                                      # row problems: save nothing
        return render(..., {"errors": result.error_report()})
    for row in result.rows: ...                            # row.values["deadline"] is a date

Dates typed by people: dates.parse_date / dates.to_date (reused outside spreadsheets).
"""

from .dates import local_date, parse_date, to_date
from .errors import TableError
from .fields import Field
from .reader import DEFAULT_MAX_BYTES, FORMULA_WITHOUT_VALUE, read_xlsx
from .report import error_report_sheet, error_report_xlsx
from .result import ReadResult, Row, RowError
from .text import normalize_header, split_list
from .writer import XLSX_CONTENT_TYPE, Column, Sheet, content_disposition, write_xlsx, xlsx_response

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMULA_WITHOUT_VALUE", "XLSX_CONTENT_TYPE", "Column", "Field", "ReadResult", "Row",
    "RowError", "Sheet", "TableError", "content_disposition", "error_report_sheet", "error_report_xlsx",
    "local_date", "normalize_header", "parse_date", "read_xlsx", "split_list", "to_date", "write_xlsx",
    "xlsx_response",
]
