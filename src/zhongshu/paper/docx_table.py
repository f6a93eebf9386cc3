"""Tables in .docx: statistics tables (公文中的横排表格, GB/T 9704-2012 §8), and the borderless box
that holds the 版记 at the foot of the last page (:func:`add_bottom_box`).

Statistics tables:

The table spans the 156 mm text block, has single 0.5 pt rules on all sides and between cells, a bold
header row that repeats on every page, rows that do not split across pages, cells centred vertically,
and 仿宋 at the table's size (小四 by default). Numbers, and text that reads as one (“3”, “85.7%”, “—”),
are centred; other text is justified.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from . import ooxml
from . import styles as S
from .model import Table

_NUMERIC = re.compile(r"^[-+]?(\d[\d,]*(\.\d+)?|\.\d+)%?$|^[-—/]$")


def add_table(doc, block: Table) -> None:
    """Append ``block`` to ``doc``; cell paragraphs use the “表格文字” style."""
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(S.TEXT_WIDTH_TWIPS))
    _table_borders(tbl_pr)
    widths = _column_twips(block.col_widths_mm, len(block.header))
    for column, twips in zip(table.columns, widths, strict=True):
        column.width = Twips(twips)
    for r, values in enumerate((block.header, *block.rows)):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))    # repeat the header on every page
        for cell, value, twips in zip(row.cells, values, widths, strict=True):
            cell.width = Twips(twips)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = "表格文字"
            text = _cell_text(value)
            if r == 0 or _is_numeric(value):
                ooxml.set_jc(paragraph._p.get_or_add_pPr(), "center")
            if text:
                run = paragraph.add_run(ooxml.xml_safe(text))
                run.font.size = Pt(block.font_size_pt)
                if r == 0:
                    run.font.bold = True


def _table_borders(tbl_pr) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    # CT_TblPr order: … tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    anchor = tbl_pr.find(qn("w:tblLayout"))
    if anchor is None:
        anchor = tbl_pr.find(qn("w:tblLook"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _column_twips(widths_mm, count: int) -> list[int]:
    """Column widths that add up to the text block exactly (relative widths scaled, else equal)."""
    weights = list(widths_mm) if widths_mm else [1] * count
    total = float(sum(weights))
    cols = [int(S.TEXT_WIDTH_TWIPS * w / total) for w in weights]
    cols[-1] += S.TEXT_WIDTH_TWIPS - sum(cols)
    return cols


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_numeric(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and bool(_NUMERIC.match(value.strip()))


# CT_TblPr child order in ECMA-376 (the elements this module writes).
_TBL_PR_ORDER = ("tblpPr", "tblOverlap", "tblW", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook")


def add_bottom_box(doc, *, gap: int):
    """Append a one-cell table as wide as the text block that floats to the foot of the text block
    of the page it falls on, and return its cell (python-docx ``_Cell``, emptied) to write into.

    Body text keeps ``gap`` twips above it and never runs beside or over it (``tblOverlap never``);
    when the page has no room left, Word and LibreOffice move it, with the 1 pt paragraph that
    anchors it, to the foot of the next page. It is placed from the page's left edge at the left
    margin rather than centred in the margins: LibreOffice imports a floating table that fills the
    margins as an ordinary one, which would leave the box where the text ends.
    """
    table = doc.add_table(rows=1, cols=1)
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for element in list(tbl_pr):
        tbl_pr.remove(element)
    values = {
        "tblpPr": {"leftFromText": 0, "rightFromText": 0, "topFromText": gap, "bottomFromText": 0,
                   "vertAnchor": "margin", "horzAnchor": "page", "tblpX": S.mm_to_twips(S.MARGIN_LEFT_MM),
                   "tblpYSpec": "bottom"},
        "tblOverlap": {"val": "never"},
        "tblW": {"w": S.TEXT_WIDTH_TWIPS, "type": "dxa"},
        "tblInd": {"w": 0, "type": "dxa"},
        "tblBorders": None,
        "tblLayout": {"type": "fixed"},
        "tblCellMar": None,
        "tblLook": {"val": "0000", "firstRow": 0, "lastRow": 0, "firstColumn": 0, "lastColumn": 0,
                    "noHBand": 1, "noVBand": 1},
    }
    for tag in _TBL_PR_ORDER:
        element = OxmlElement(f"w:{tag}")
        for name, value in (values[tag] or {}).items():
            element.set(qn(f"w:{name}"), str(value))
        tbl_pr.append(element)
    borders, margins = tbl_pr.find(qn("w:tblBorders")), tbl_pr.find(qn("w:tblCellMar"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table.columns[0].width = Twips(S.TEXT_WIDTH_TWIPS)
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    cell.width = Twips(S.TEXT_WIDTH_TWIPS)
    tc = cell._tc
    tc.remove(tc.p_lst[0])          # the caller writes the cell's paragraphs
    return cell
