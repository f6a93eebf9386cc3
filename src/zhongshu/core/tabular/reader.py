"""`read_xlsx`: an uploaded .xlsx as validated rows, with every problem of every row.

Steps:

1. source.load_bytes: the size is checked before reading (max_bytes, 10 MB by default),
   then source.check_package refuses what is not an .xlsx (.xls, encrypted, CSV/HTML
   renamed, other zips, a zip unpacking to more than 25 × max_bytes).
2. A streaming (read-only) open reads each sheet's declared size: more than max_cells
   cells in all (500,000 by default) is refused before the full load, which keeps every
   cell in memory (about 0.5 KB per cell: 400,000 cells took 180 MB). Then openpyxl opens
   the file in normal mode with data_only=True (cached formula results; the normal mode
   is needed to see merged ranges and hidden rows).
3. The sheet: `sheet` (a name or a 0-based index) or, when None, the only visible sheet
   whose header holds every required field (several such sheets → refused, so that a
   workbook with "2025年" and "2026年" sheets is never imported by guess). header.py
   finds the header row; a required column missing, no header at all, two columns for
   one field, more than max_rows rows below the header → TableError. Unknown columns are
   ignored with a warning.
4. Rows below the header, over the recognised columns only:
   - a row with no value of its own in any recognised column (序号-like fields with
     ignore_for_emptiness=True do not count) is empty: skipped, counted in a warning;
     values filled in from merged cells do not make a row non-empty;
   - a section row — one merged cell across all recognised columns except 序号-like
     ones, e.g. "一、深化改革" — is skipped with a warning, and its text becomes
     `Row.section` of the rows below it;
   - other merged ranges get their top-left value in every cell (warning names them);
   - a cell showing an Excel error (#N/A, #DIV/0!…) or a formula without a cached result
     (a file written by a program, never opened in Excel) is an error;
   - every other cell goes through its Field (fields.py): blank → "不能为空" when required,
     else converted, checked and cleaned; ValueError messages become RowErrors.
   Hidden rows and columns are read like the others, with a warning.
5. Nothing is ever saved here: the caller saves only when `result.ok`
   (or calls `result.raise_for_errors()`).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .errors import TableError
from .fields import Field
from .header import Header, find_header, label_index
from .result import ReadResult, Row, RowError
from .source import MB, check_package, load_bytes, open_workbook
from .text import clean_text, display, is_blank

DEFAULT_MAX_BYTES = 10 * MB
DEFAULT_MAX_ROWS = 50_000
DEFAULT_MAX_CELLS = 500_000
HEADER_SEARCH_ROWS = 10
UNPACK_RATIO = 25
FORMULA_WITHOUT_VALUE = "单元格为公式且没有计算结果，请粘贴为数值后再导入"
LISTED = 10  # how many rows or ranges a warning names before "等"


def _listed(items: Sequence[str], sep: str = "、") -> str:
    shown = sep.join(items[:LISTED])
    return shown + (f" 等 {len(items)} 处" if len(items) > LISTED else "")


def _rows_listed(numbers: Sequence[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:LISTED])
    return f"第 {shown}{' 等' if len(numbers) > LISTED else ''} 行"


def _sheet_candidates(wb, sheet):
    if sheet is None:
        return [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.worksheets)
    names = "、".join(ws.title for ws in wb.worksheets)
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(wb.worksheets):
            return [wb.worksheets[sheet]]
        raise TableError(f"找不到第 {sheet + 1} 个工作表（工作簿中有：{names}）", code="sheet_not_found")
    for ws in wb.worksheets:
        if ws.title.strip() == str(sheet).strip():
            return [ws]
    raise TableError(f"找不到工作表「{sheet}」（工作簿中有：{names}）", code="sheet_not_found")


def _has_content(ws) -> bool:
    return any(not is_blank(v) for row in ws.iter_rows(values_only=True) for v in row)


def _choose(wb, fields, index, sheet, search_rows) -> tuple[object, Header]:
    candidates = _sheet_candidates(wb, sheet)
    found, best = [], None
    for ws in candidates:
        header = find_header(ws, fields, index, search_rows)
        if header is None:
            continue
        if header.complete:
            found.append((ws, header))
        elif best is None or header.score() > best[1].score():
            best = (ws, header)
    if len(found) > 1:
        names = "、".join(f"「{ws.title}」" for ws, _ in found)
        raise TableError(f"多个工作表都有可导入的表头：{names}。请只保留要导入的工作表后再导入",
                         code="several_sheets")
    if found:
        return found[0]
    if not any(_has_content(ws) for ws in candidates):
        raise TableError("工作簿是空的，没有任何内容", code="empty_workbook")
    required = [f for f in fields if f.required]
    if best is not None and (best[1].required_found or best[1].matched >= 2):
        ws, header = best
        missing = [f.header for f in required if f.key not in header.columns]
        raise TableError(f"缺少必填列：{'、'.join(missing)}", code="missing_columns")
    wanted = "、".join(f.header for f in (required or fields)[:3])
    raise TableError(f"未找到表头：需要包含 {wanted} 等列", code="no_header")


def _check_duplicates(header: Header, fields: list[Field]) -> None:
    problems = []
    for f in fields:
        cols = header.columns.get(f.key, [])
        if len(cols) > 1:
            shown = "、".join(f"{get_column_letter(c)} 列「{header.labels[c]}」" for c in cols)
            problems.append(shown)
    if problems:
        raise TableError(f"表头重复：{'；'.join(problems)}是同一项，请只保留一列", code="duplicate_columns")


def _formula_cells(streaming_wb, title: str, rows: range, cols: range) -> set[tuple[int, int]]:
    """(row, column) of the formula cells in the area, from the streaming (read-only,
    data_only=False) workbook: there a formula reads as "=…" whether it has a result or not."""
    found = set()
    values = streaming_wb[title].iter_rows(min_row=rows.start, max_row=rows.stop - 1, min_col=cols.start,
                                           max_col=cols.stop - 1, values_only=True)
    for r, row in enumerate(values, rows.start):
        for c, value in enumerate(row, cols.start):
            if isinstance(value, (ArrayFormula, DataTableFormula)) or (isinstance(value, str) and value.startswith("=")):
                found.add((r, c))
    return found


def _check_cells(streaming_wb, max_cells: int) -> None:
    """Refuse, before the memory-hungry full load, a workbook whose sheets declare (in their
    <dimension>) more than max_cells cells in all: openpyxl keeps every cell in memory."""
    total, largest = 0, None
    for ws in streaming_wb.worksheets:
        if getattr(ws, "max_row", None) and getattr(ws, "max_column", None):
            cells = ws.max_row * ws.max_column
            total += cells
            if largest is None or cells > largest[1]:
                largest = (ws, cells)
    if total > max_cells:
        ws, cells = largest
        raise TableError(f"表格过大：工作表「{ws.title}」的使用区域为 {ws.calculate_dimension()}（约 {cells:,} 个单元格），"
                         f"全部工作表上限 {max_cells:,} 个。如果末尾有设置了格式的空行或空列，请删除后再导入",
                         code="too_many_cells")


class _Grid:
    """The recognised columns of the data rows first..last: values (as lists per row, after
    merge fill), Excel error cells, formula cells, section rows."""

    def __init__(self, first: int, last: int, cols: dict[str, int]):
        self.first_row, self.cols = first, cols
        self.position = {c: i for i, c in enumerate(sorted(set(cols.values())))}
        self.rows = [[None] * len(self.position) for _ in range(max(last - first + 1, 0))]
        self.errors: set[tuple[int, int]] = set()
        self.formulas: set[tuple[int, int]] = set()
        self.sections: dict[int, str] = {}

    def get(self, r: int, c: int):
        return self.rows[r - self.first_row][self.position[c]]

    def set(self, r: int, c: int, value) -> None:
        self.rows[r - self.first_row][self.position[c]] = value

    def has_gaps(self, numbers) -> bool:
        return any(v is None for r in numbers for v in self.rows[r - self.first_row])


def _load_grid(ws, cols: dict[str, int], first: int, last: int) -> _Grid:
    grid = _Grid(first, last, cols)
    lo, hi = min(cols.values()), max(cols.values())
    for r, cells in enumerate(ws.iter_rows(min_row=first, max_row=last, min_col=lo, max_col=hi), first):
        for c, cell in enumerate(cells, lo):
            if c in grid.position and cell.value is not None:
                grid.set(r, c, cell.value)
                if cell.data_type == "e":
                    grid.errors.add((r, c))
    return grid


def _own_content(grid: _Grid, r: int, counted: list[int]) -> bool:
    return any(not is_blank(grid.get(r, c)) for c in counted)


def _apply_merges(ws, grid: _Grid, header: Header, counted: list[int], last: int, warnings: list[str]):
    """Section rows and top-left fill (rules in the module docstring); `counted` are the
    columns whose values make a row non-empty."""
    filled, crossing = [], []
    for rng in sorted(ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
        if rng.max_row < grid.first_row or rng.min_row > last:
            continue
        hit = [c for c in grid.cols.values() if rng.min_col <= c <= rng.max_col]
        if not hit:
            continue
        if rng.min_row < grid.first_row:
            crossing.append(rng.coord)
            continue
        top = ws.cell(rng.min_row, rng.min_col)
        if rng.min_row == rng.max_row and len(hit) > 1 and all(rng.min_col <= c <= rng.max_col for c in counted):
            if not is_blank(top.value):
                grid.sections[rng.min_row] = clean_text(top.value)
            continue
        for r in range(rng.min_row, min(rng.max_row, last) + 1):
            for c in hit:
                if (r, c) == (rng.min_row, rng.min_col):
                    continue
                if top.value is not None:
                    grid.set(r, c, top.value)
                if top.data_type == "e":
                    grid.errors.add((r, c))
        names = "、".join(header.labels[c] for c in hit)
        filled.append(f"{rng.coord}（{names}）")
    if filled:
        warnings.append(f"以下合并单元格已拆分，每行填入相同的值：{_listed(filled)}")
    if crossing:
        warnings.append(f"以下合并单元格跨越表头和数据行，已忽略：{_listed(crossing)}")


def _hidden_warnings(ws, header: Header, cols: dict[str, int], rows: list[int], warnings: list[str]):
    hidden_cols = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            hidden_cols.update(range(dim.min, (dim.max or dim.min) + 1))
    names = [header.labels[c] for c in sorted(set(cols.values()) & hidden_cols)]
    if names:
        warnings.append(f"以下列在表格中被隐藏，仍已导入：{_listed(names)}")
    wanted = set(rows)
    hidden_rows = sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden and r in wanted)
    if hidden_rows:
        warnings.append(f"{_rows_listed(hidden_rows)}在表格中被隐藏（或被筛选掉），仍已导入")


def _convert_row(r: int, grid: _Grid, fields: list[Field], header: Header, epoch, seen: dict,
                 section: str | None) -> Row:
    row = Row(number=r, values={}, section=section)
    for f in fields:
        c = grid.cols.get(f.key)
        if c is None:
            row.values[f.key] = f.blank_value()
            continue
        raw = grid.get(r, c)
        row.raw[f.key] = raw
        value, message = f.blank_value(), None
        if (r, c) in grid.errors:
            message = f"单元格显示错误值 {raw}，请修正公式或改为数值后再导入"
        elif raw is None and (r, c) in grid.formulas:
            message = FORMULA_WITHOUT_VALUE
        elif is_blank(raw):
            message = "不能为空" if f.required else None
        else:
            try:
                value = f.convert(raw, epoch=epoch)
            except ValueError as exc:
                message = str(exc) or "内容无效"
            else:
                if f.required and value in (None, "", []):  # e.g. a list cell holding only "、"
                    message = "不能为空"
        if message is None and f.unique and value is not None:
            try:
                first = seen.setdefault(f.key, {}).setdefault(value, r)
            except TypeError:  # a clean() that returns something unhashable
                first = r
            if first != r:
                message = f"与第 {first} 行重复：{display(value)}"
        if message is not None:
            value = f.blank_value()
            row.errors.append(RowError(r, header.labels[c], display(raw), message, key=f.key,
                                       column=get_column_letter(c)))
        row.values[f.key] = value
    return row


def read_xlsx(source, fields: Sequence[Field], *, max_bytes: int = DEFAULT_MAX_BYTES, sheet: str | int | None = None,
              max_rows: int = DEFAULT_MAX_ROWS, max_cells: int = DEFAULT_MAX_CELLS,
              header_search_rows: int = HEADER_SEARCH_ROWS) -> ReadResult:
    """Read and validate a spreadsheet (steps in the module docstring).

    `source`: a Django UploadedFile, a binary file object, a path, or bytes. `sheet`: a
    name, a 0-based index, or None to find the sheet by its header. Raises TableError for
    a file refused as a whole; row problems are in the result's `errors`.
    """
    fields = list(fields)
    if not fields:
        raise ValueError("read_xlsx needs at least one Field")
    index = label_index(fields)
    data = load_bytes(source, max_bytes)
    check_package(data, UNPACK_RATIO * max_bytes)
    streaming = open_workbook(data, data_only=False, read_only=True)
    try:
        _check_cells(streaming, max_cells)
        wb = open_workbook(data, data_only=True)
        return _read(wb, streaming, fields, index, sheet, max_rows, header_search_rows)
    finally:
        streaming.close()


def _read(wb, streaming, fields, index, sheet, max_rows, header_search_rows) -> ReadResult:
    warnings: list[str] = []
    ws, header = _choose(wb, fields, index, sheet, header_search_rows)
    if sheet is None and len(wb.worksheets) > 1:
        warnings.append(f"工作簿有 {len(wb.worksheets)} 个工作表，已读取「{ws.title}」")
    _check_duplicates(header, fields)
    cols = {key: columns[0] for key, columns in header.columns.items()}
    first, last = header.data_start, ws.max_row
    if last - first + 1 > max_rows:
        raise TableError(f"数据行过多：表头下方到第 {last} 行共 {last - first + 1} 行，上限 {max_rows} 行。"
                         "如果末尾是设置了格式的空行，请删除这些行后再导入", code="too_many_rows")
    if header.unknown:
        warnings.append(f"已忽略未识别的列：{_listed(header.unknown)}")

    grid = _load_grid(ws, cols, first, last)
    counted = [cols[f.key] for f in fields if f.key in cols and not f.ignore_for_emptiness] or list(cols.values())
    has_own = {r for r in range(first, last + 1) if _own_content(grid, r, counted)}
    _apply_merges(ws, grid, header, counted, last, warnings)
    data_rows = [r for r in range(first, last + 1) if r in has_own and r not in grid.sections]
    if grid.has_gaps(data_rows):
        grid.formulas = _formula_cells(streaming, ws.title, range(first, last + 1),
                                       range(min(cols.values()), max(cols.values()) + 1))
    _hidden_warnings(ws, header, cols, data_rows, warnings)

    rows, errors, seen, section = [], [], {}, None
    skipped, interior_skipped = 0, []
    last_data = data_rows[-1] if data_rows else first - 1
    for r in range(first, last + 1):
        if r in grid.sections:
            section = grid.sections[r]
            continue
        if r not in has_own:
            skipped += 1
            if r < last_data:
                interior_skipped.append(r)
            continue
        row = _convert_row(r, grid, fields, header, wb.epoch, seen, section)
        rows.append(row)
        errors.extend(row.errors)
    if grid.sections:
        shown = [f"第 {r} 行「{t}」" for r, t in sorted(grid.sections.items())]
        warnings.append(f"以下跨列合并的分类标题行已跳过，其文字作为下方各行的分类：{_listed(shown)}")
    if skipped:
        where = f"（{_rows_listed(interior_skipped)}）" if interior_skipped else ""
        warnings.append(f"已跳过 {skipped} 个空行{where}")
    if not rows:
        errors.append(RowError(None, None, "", f"表头（第 {header.row} 行）下方没有数据"))
    return ReadResult(rows=rows, errors=errors, warnings=warnings, sheet=ws.title, header_row=header.row,
                      data_start=first, headers={k: header.labels[c] for k, c in cols.items()},
                      letters={k: get_column_letter(c) for k, c in cols.items()},
                      field_headers={f.key: f.header for f in fields})
