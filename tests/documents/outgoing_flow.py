"""Helpers of the 发文 tests: a 通知 of 市交通局 brought to each state.

    doc = flow.signing(people, city, series)   # 拟稿 (jt_staff), 送核稿, 核稿 (jt_leader) with 会签 by
                                               # 市水利局 and 东城区, both agreed; 陈市长 to sign
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from incoming_flow import at

from zhongshu.documents import outgoing as out

DRAFTS = Path(__file__).parent / "drafts"
NOTICE = """示例市交通运输局关于做好2026年春运道路交通保障工作的通知

各县（市、区）交通运输局，市直有关单位：

为保障春运期间道路交通安全畅通，现就有关事项通知如下。

一、加强路面巡查
（一）国省干线。1月20日至2月28日，每日巡查两次。
（二）农村公路。各区对临水临崖路段逐一排查，发现隐患当日处置。

二、落实值班制度
1. 市交通局安排24小时值班，值班电话0731-12345678。
2. 抢修队伍在2小时内到达现场。

示例市交通运输局
2026年1月12日
"""
REVISED = NOTICE.replace("每日巡查两次", "每日巡查三次").replace("发现隐患当日处置。", "发现隐患当日处置，并报市交通局备案。")
REQUEST = (DRAFTS / "good_request.txt").read_text(encoding="utf-8")
BAD = """关于加强管理的意见

为了进一步高度重视，现通知如下。

2026.3.5
"""


def docx_of(text: str) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def upload(text: str = REVISED, name: str = "修改稿.docx"):
    return SimpleUploadedFile(name, docx_of(text),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def draft_data(city, series, **overrides) -> out.Draft:
    data = dict(kind="notice", title="示例市交通运输局关于做好2026年春运道路交通保障工作的通知",
                main_to="各县（市、区）交通运输局，市直有关单位", copy_to="市公安局，市应急管理局",
                drafting_unit=city.traffic, series=series, text=NOTICE, countersign_units=[city.water, city.east])
    data.update(overrides)
    return out.Draft(**data)


def drafting(people, city, series, **overrides):
    return out.draft(people.jt_staff, draft_data(city, series, **overrides), at=at(2026, 1, 12, 9))


def reviewing(people, city, series, **overrides):
    return out.submit(drafting(people, city, series, **overrides), people.jt_staff, at=at(2026, 1, 12, 10))


def countersigning(people, city, series, **overrides):
    return out.review(reviewing(people, city, series, **overrides), people.jt_leader, accept=True, opinion="拟同意",
                      signer=people.mayor, at=at(2026, 1, 12, 11))


def signing(people, city, series, **overrides):
    doc = countersigning(people, city, series, **overrides)
    units = {u.pk for u in doc.countersign_units.all()}
    if city.water.pk in units:
        out.countersign(doc, people.sl_liaison, agree=True, opinion="同意", at=at(2026, 1, 12, 14))
    if city.east.pk in units:
        out.countersign(doc, people.dc_leader, agree=True, opinion="同意，请注意农村公路", at=at(2026, 1, 12, 15))
    doc.refresh_from_db()
    return doc


def signed(people, city, series, **overrides):
    return out.sign(signing(people, city, series, **overrides), people.mayor, opinion="同意印发", at=at(2026, 1, 13, 9))


def checked(people, city, series, **overrides):
    return out.recheck(signed(people, city, series, **overrides), people.clerk, at=at(2026, 1, 13, 10))


def numbered(people, city, series, **overrides):
    return out.number(checked(people, city, series, **overrides), people.clerk, at=at(2026, 1, 13, 11))


def issued(people, city, series, **overrides):
    return out.issue(numbered(people, city, series, **overrides), people.clerk, at=at(2026, 1, 13, 14))

