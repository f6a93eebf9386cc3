"""A complete 督办通知 used by most tests, rendered once per test module."""

from __future__ import annotations

from datetime import date

import pytest

from zhongshu.paper import Heading, Paper, Para, Table, render_docx

from .docx_inspect import open_docx


def make_paper(**changes) -> Paper:
    fields = dict(
        issuer="示例市人民政府办公室",
        issuer_suffix="文件",
        number="示政办督〔2026〕3号",
        title="关于加快推进城市道路积水点整治工作的督办通知",
        addressee="市交通运输局：",
        blocks=[
            Para("根据市政府主要领导批示要求，现将有关督办事项通知如下。"),
            Heading(1, "一、总体情况"),
            Heading(2, "（一）工作进展"),
            Heading(3, "1．已完成事项"),
            Heading(4, "（1）东城区"),
            Heading(2, "（二）存在问题。", tail="部分点位施工进度滞后。"),
            Table(header=["单位", "总数", "按期办结"], rows=[["市交通局", 3, 2], ["市水利局", 5, "85.7%"]]),
            Para("特此通知。"),
        ],
        attachments=["2026年一季度督查事项台账", "积水点整治清单"],
        signature="示例市人民政府办公室督查室",
        date=date(2026, 3, 5),
        copy_to="市委督查室，市人大常委会办公室",
        printer="示例市人民政府办公室",
        print_date=date(2026, 3, 5),
    )
    fields.update(changes)
    return Paper(**fields)


@pytest.fixture(scope="module")
def full_doc():
    return open_docx(render_docx(make_paper()))
