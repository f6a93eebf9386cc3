"""Finding the header row of an office spreadsheet.

Offices put a title (often merged across the table) and notes above the header, so the
header is searched in the first `search_rows` rows (10). For each row r the labels are
the cells' texts; a row is scored by (does it hold every required field, how many fields
it holds). The best row wins, the earliest one on a tie. A label matches a field by
its header or an alias after text.normalize_header (spaces, full-width spaces, newlines,
"*" and "（必填）" do not matter).

Two-row headers are understood in one common form: a group label merged across columns
in row r ("责任单位" over two columns) with the field labels under it in row r+1
("牵头单位", "配合单位"). When row r holds at least one field label outside such
horizontally merged cells, and at least one cell under them matches a field, the
sub-labels replace the group labels for those columns and the data starts at r+2; the
other columns keep their row-r labels (usually merged down). A title merged across the
whole table is not a group: its row holds no field label of its own.

Labels that match no field are "unknown" (ignored with a warning by the reader); two
columns matching the same field are a duplicate (the reader refuses the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fields import Field
from .text import display_header, is_blank, normalize_header

MAX_HEADER_COLUMNS = 500


@dataclass
class Header:
    row: int
    data_start: int
    columns: dict[str, list[int]] = field(default_factory=dict)
    """Field.key → the 1-based columns labelled with it (more than one is a duplicate)."""
    labels: dict[int, str] = field(default_factory=dict)
    """column → the label as written (newlines removed)."""
    unknown: list[str] = field(default_factory=list)
    required_found: int = 0
    required_total: int = 0

    @property
    def matched(self) -> int:
        return len(self.columns)

    @property
    def complete(self) -> bool:
        return self.matched > 0 and self.required_found == self.required_total

    def score(self) -> tuple[bool, int]:
        return self.complete, self.matched


def label_index(fields: list[Field]) -> dict[str, Field]:
    """normalised label → Field; ValueError when two fields share a key or a label."""
    index: dict[str, Field] = {}
    keys: set[str] = set()
    for f in fields:
        if f.key in keys:
            raise ValueError(f"two fields have the key {f.key!r}")
        keys.add(f.key)
        for label in f.labels:
            if label in index:
                raise ValueError(f"fields {index[label].key!r} and {f.key!r} share the label {label!r}")
            index[label] = f
    return index


def _group_columns(ws, search_rows: int) -> dict[int, set[int]]:
    """row → columns covered by a horizontally merged cell starting in that row."""
    groups: dict[int, set[int]] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= search_rows and rng.max_col > rng.min_col:
            groups.setdefault(rng.min_row, set()).update(range(rng.min_col, rng.max_col + 1))
    return groups


def _header_at(top: list[tuple], r: int, groups: set[int], index: dict[str, Field],
               required: set[str]) -> Header:
    row = top[r - 1]
    below = top[r] if r < len(top) else ()

    def sub(c):
        return below[c - 1] if c - 1 < len(below) else None

    own = any(normalize_header(v) in index for c, v in enumerate(row, 1) if c not in groups)
    two_rows = own and any(normalize_header(sub(c)) in index for c in groups)
    header = Header(row=r, data_start=r + 2 if two_rows else r + 1, required_total=len(required))
    for c in range(1, max(len(row), len(below) if two_rows else 0) + 1):
        value = row[c - 1] if c - 1 < len(row) else None
        if two_rows and c in groups and not is_blank(sub(c)):
            value = sub(c)
        if is_blank(value):
            continue
        label = display_header(value)
        header.labels[c] = label
        f = index.get(normalize_header(value))
        if f is None:
            header.unknown.append(label)
        else:
            header.columns.setdefault(f.key, []).append(c)
    header.required_found = len(required & header.columns.keys())
    return header


def find_header(ws, fields: list[Field], index: dict[str, Field], search_rows: int) -> Header | None:
    """The best header row of `ws` (rules in the module docstring); None for a blank top."""
    last_col = min(ws.max_column, MAX_HEADER_COLUMNS)
    top = list(ws.iter_rows(min_row=1, max_row=min(ws.max_row, search_rows + 1), max_col=last_col,
                            values_only=True))
    groups = _group_columns(ws, search_rows)
    required = {f.key for f in fields if f.required}
    best = None
    for r in range(1, min(search_rows, len(top)) + 1):
        candidate = _header_at(top, r, groups.get(r, set()), index, required)
        if best is None or candidate.score() > best.score():
            best = candidate
    return best
