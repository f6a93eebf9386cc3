"""Helpers of the 收文 tests: Shanghai moments, scans, and a document brought to each state.

    doc = flow.handling(people, city)     # 签收, 登记, 初审, 拟办 (to 陈市长), 批办 (市交通局 主办, 市水利局 协办)
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents import incoming as inc

SH = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def pdf(name="来文.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def registration(**overrides) -> inc.Registration:
    data = dict(title="示例市交通运输局关于人民路拓宽改造工程征地拆迁有关问题的请示", issuer="示例市交通运输局",
                doc_number="示交发〔2026〕12号", secrecy="none", urgency="normal", written_on=date(2026, 2, 26),
                copies=2, received_on=date(2026, 3, 2), channel="exchange", summary="请求协调人民路拓宽的征地问题")
    data.update(overrides)
    return inc.Registration(**data)


def received(people, city=None, **kw):
    return inc.receive(people.clerk, issuer="示例市交通运输局", title="关于人民路拓宽改造工程征地拆迁有关问题的请示",
                       copies=2, received_on=date(2026, 3, 2), at=at(2026, 3, 2, 9), **kw)


def registered(people, city=None, **overrides):
    doc = received(people)
    return inc.register(doc, people.clerk, registration(**overrides), scans=[pdf()], at=at(2026, 3, 2, 9, 30))


def reviewed(people, city=None, **overrides):
    return inc.review(registered(people, **overrides), people.clerk, accept=True, at=at(2026, 3, 2, 10))


def proposed(people, city, **overrides):
    return inc.propose(reviewed(people, **overrides), people.clerk, opinion="建议呈陈市长阅示，由市交通局会同市水利局办理",
                       leader=people.mayor, unit=city.traffic, at=at(2026, 3, 2, 11))


def handling(people, city, **kw):
    return inc.direct(proposed(people, city), people.mayor, opinion="请市交通局牵头、市水利局配合，抓紧研究办理",
                      lead_unit=city.traffic, co_units=[city.water], at=at(2026, 3, 3, 9), **kw)


def done(people, city):
    return inc.complete(handling(people, city), people.jt_liaison, result="已完成征地方案，报市政府常务会议审议",
                        at=at(2026, 3, 6, 16))
