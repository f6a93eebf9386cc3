"""Helpers for the spreadsheet tests: real .xlsx files written with openpyxl into tmp_path,
and the field list of the annual task table import (年度重点工作任务) used throughout."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from zhongshu.core.tabular import Field

CYCLES = {"每月": "monthly", "月报": "monthly", "每周": "weekly", "周报": "weekly", "每季度": "quarterly"}


@pytest.fixture
def task_fields():
    return [
        Field("seq", "序号", kind="int", ignore_for_emptiness=True),
        Field("number", "编号", aliases=("立项号", "序号编号"), unique=True),
        Field("title", "事项", aliases=("工作任务", "任务名称", "重点任务"), required=True, max_length=300,
              single_line=True),
        Field("deadline", "完成时限", kind="date", required=True),
        Field("lead_unit", "牵头单位"),
        Field("co_units", "配合单位", kind="list"),
        Field("weight", "权重", kind="int", min_value=0, max_value=100),
        Field("cycle", "填报周期", kind="choice", choices=CYCLES),
    ]


@pytest.fixture
def make_xlsx(tmp_path):
    """make_xlsx(rows, merges=(), name="t.xlsx", setup=None, sheets=None) → path.

    rows: a list of row lists written from A1 (None leaves a cell empty); merges: ranges
    such as "A1:H1"; setup(ws): anything else on the sheet; sheets: {title: rows} for a
    workbook of several sheets (rows/merges then go to the first)."""

    def make(rows=(), merges=(), name="t.xlsx", setup=None, sheets=None, title="Sheet1"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for row in rows:
            ws.append(list(row))
        for rng in merges:
            ws.merge_cells(rng)
        if setup is not None:
            setup(ws)
        for sheet_title, sheet_rows in (sheets or {}).items():
            extra = wb.create_sheet(sheet_title)
            for row in sheet_rows:
                extra.append(list(row))
        path = tmp_path / name
        wb.save(path)
        return path

    return make


def patch_member(path, member: str, replace: dict[str, str]) -> bytes:
    """The bytes of the .xlsx at `path` with text replacements inside one zip member
    (to give a formula a cached value, as Excel would have saved it)."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                text = data.decode("utf-8")
                for old, new in replace.items():
                    assert old in text, old
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def patch_xlsx():
    return patch_member
