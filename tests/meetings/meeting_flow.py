"""Helpers of the 会议 tests: Shanghai moments, material files, and a meeting brought to each state.

    topic = flow.submitted(people, city)       # 市交通局's 议题 with a .docx, the gates answered
    meeting = flow.issued(people, city)        # 第1次常务会议 held 3月5日, 纪要 第1期 issued 3月9日 10:00,
                                               # 市交通局 and 市水利局 to 传达, two 议定事项
"""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.meetings import transitions as tr

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def docx_bytes(text="关于人民路拓宽改造工程征地拆迁补偿方案的汇报") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def material(name="汇报材料.docx", data=None):
    return SimpleUploadedFile(name, docx_bytes() if data is None else data,
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def topic_input(people, city, **overrides) -> tr.TopicInput:
    data = dict(title="关于人民路拓宽改造工程征地拆迁补偿方案的议题", summary="提请会议研究人民路拓宽改造工程征地拆迁补偿标准和资金安排。",
                reporter="市交通运输局局长 孙明", leader=people.vice, leader_agreed=True, kind="executive",
                consulted_units=[city.water, city.east], consultation="市水利局、东城区无不同意见；东城区建议分期拨付，已采纳。",
                legal_review_needed=True, legal_opinion="经市司法局审查，补偿方案符合《国有土地上房屋征收与补偿条例》，同意提请审议。")
    data.update(overrides)
    return tr.TopicInput(**data)


def submitted(people, city, **overrides):
    return tr.submit_topic(people.jt_liaison, topic_input(people, city, **overrides), materials=[material()],
                           at=at(2026, 3, 2, 9))


def accepted(people, city):
    return tr.accept_topic(submitted(people, city), people.clerk, at=at(2026, 3, 2, 10))


def planned(people, city):
    return tr.plan_meeting(people.clerk, kind="executive", starts_at=at(2026, 3, 5, 9), place="市政府第一会议室",
                           chair=people.mayor, at=at(2026, 3, 2, 11))


def noticed(people, city):
    topic = accepted(people, city)
    meeting = planned(people, city)
    tr.schedule(meeting, people.clerk, [topic], at=at(2026, 3, 2, 11, 30))
    tr.invite(meeting, people.clerk, units=[city.traffic, city.water, city.east], people=[people.vice],
              at=at(2026, 3, 2, 11, 30))
    return tr.send_notice(meeting, people.clerk, text="请准时参会。", at=at(2026, 3, 2, 14))


def held(people, city):
    meeting = noticed(people, city)
    rows = {a.unit_id if a.person_id is None else f"p{a.person_id}": a for a in meeting.attendances.all()}
    tr.reply(rows[city.traffic.pk], people.jt_liaison, reply="attending", at=at(2026, 3, 3, 9))
    tr.reply(rows[city.water.pk], people.sl_liaison, reply="substitute", substitute="市水利局副局长 钱进",
             at=at(2026, 3, 3, 9))
    tr.reply(rows[city.east.pk], people.dc_liaison, reply="leave", leave_reason="参加省政府会议", at=at(2026, 3, 3, 9))
    for key in (city.traffic.pk, city.water.pk, f"p{people.vice.pk}"):
        tr.sign_in(rows[key], people.clerk, at=at(2026, 3, 5, 8, 50))
    return tr.hold(meeting, people.clerk, at=at(2026, 3, 5, 12))


MINUTES_TEXT = """2026年3月5日，陈市长主持召开市政府第1次常务会议，研究人民路拓宽改造等事项。纪要如下：
一、关于人民路拓宽改造工程征地拆迁补偿方案
会议原则同意市交通运输局提出的补偿方案。
（一）加快征收。市交通运输局牵头，东城区配合，4月底前完成征收。
（二）保障资金。市财政分期拨付补偿资金。"""


def drafted(people, city):
    meeting = held(people, city)
    tr.draft_minutes(meeting, people.clerk, title="市政府第1次常务会议纪要", text=MINUTES_TEXT,
                     relay_units=[city.traffic, city.water], at=at(2026, 3, 5, 15))
    tr.add_decision(meeting, people.clerk, text="市交通运输局牵头、东城区配合，4月底前完成人民路拓宽改造工程征地拆迁。",
                    lead_unit=city.traffic, co_units=[city.east], deadline=date(2026, 4, 30), at=at(2026, 3, 5, 15))
    tr.add_decision(meeting, people.clerk, text="市水利局6月底前完成人民路排水管网改造方案。", lead_unit=city.water,
                    deadline=date(2026, 6, 30), leader=people.vice, at=at(2026, 3, 5, 15))
    return meeting


def issued(people, city):
    meeting = drafted(people, city)
    tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    meeting.refresh_from_db()
    return meeting
