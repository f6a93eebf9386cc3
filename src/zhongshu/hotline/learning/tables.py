"""Reading and writing the CSV files of `zhongshu hotline train | classify | evaluate`.

Input: UTF-8 with or without BOM; when that fails, GB18030 (what Excel on a Chinese Windows
writes, a superset of GBK and GB2312). The first row names the columns. Output: UTF-8 with BOM,
so that Excel opens it with the Chinese intact.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from zhongshu.core.errors import UserError
from zhongshu.workcal.textformat import decode


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]          # every row padded/cut to len(columns)
    path: str

    def column(self, name: str, *, what: str = "列") -> int:
        if name in self.columns:
            return self.columns.index(name)
        found = "、".join(f"“{c}”" for c in self.columns) or "（无）"
        raise UserError(f"文件 {self.path} 中没有{what}“{name}”；找到的列：{found}", code="csv_no_column")


def read_table(path) -> Table:
    """The CSV at `path`; UserError (Chinese) when missing, unreadable, undecodable or empty."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise UserError(f"文件不存在：{name}", code="csv_missing")
    if not p.is_file():
        raise UserError(f"不是文件：{name}", code="csv_missing")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UserError(f"文件无法读取：{name}（{exc.strerror or exc}）", code="csv_unreadable") from None
    try:
        text = decode(data)  # UTF-8 with or without BOM, else GB18030
    except ValueError:
        raise UserError(f"文件 {name} 的编码无法识别（应为 UTF-8 或 GB18030/GBK）", code="csv_encoding") from None
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UserError(f"文件 {name} 不是有效的 CSV：{exc}", code="csv_invalid") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise UserError(f"文件 {name} 是空的（第一行应为列名）", code="csv_empty")
    columns = [c.strip() for c in records[0]]
    width = len(columns)
    rows = [(r + [""] * (width - len(r)))[:width] for r in records[1:] if any(cell.strip() for cell in r)]
    return Table(columns=columns, rows=rows, path=name)


def write_table(path, columns: list[str], rows) -> int:
    """Write a CSV (UTF-8 with BOM); returns the number of data rows written."""
    n = 0
    p = Path(path)
    if p.parent and not p.parent.exists():
        raise UserError(f"输出目录不存在：{p.parent}", code="csv_no_dir")
    try:
        with open(p, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row)
                n += 1
    except OSError as exc:
        raise UserError(f"无法写入文件：{path}（{exc.strerror or exc}）", code="csv_unwritable") from None
    return n
