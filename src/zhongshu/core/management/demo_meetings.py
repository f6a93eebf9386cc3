"""One 常务会议 of 示例市 with its 纪要 issued: 市交通局's 议题 (with its material) accepted and put on
the agenda, three units invited (参会, 委托代会, 请假) and signed in, the meeting held two days ago, the
纪要 issued yesterday with two 议定事项 — the first already a 督办 matter — and the 传达 of 市交通局
(not yet relayed: red), 市水利局 (relayed and reported) and 东城区 (relayed, report due).

Everything goes through meetings.transitions with the demo account whose job each step is, at
`at=` moments in the past; the reminders come from the worker's next sweep. Loaded once: when any
meeting exists, nothing is loaded again.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.utils import timezone


def _material():
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    document.add_heading("关于人民路拓宽改造工程征地拆迁补偿方案的汇报", 1)
    document.add_paragraph("人民路拓宽改造工程涉及征收房屋 126 户，补偿资金约 1.8 亿元，拟分两期拨付。")
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("人民路征地拆迁补偿方案汇报.docx", out.getvalue())


def _at(day, hh, mm=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hh, minute=mm))


def load_meetings(units: dict, people: dict, now: datetime | None = None) -> str:
    from django.db import transaction

    from zhongshu.core.context import acting_as
    from zhongshu.meetings import transitions as tr
    from zhongshu.meetings.models import Meeting

    if Meeting.objects.exists():
        return "会议：已有会议，本次未载入演示会议。"
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    held, issued = today - timedelta(days=2), today - timedelta(days=1)
    clerk, jt, slj, dc = people["msk_hw"], people["jt_liaison"], people["slj_liaison"], people["dc_liaison"]
    with acting_as(None, label="演示数据", channel="cli"), transaction.atomic():
        topic = tr.submit_topic(jt, tr.TopicInput(
            title="关于人民路拓宽改造工程征地拆迁补偿方案的议题", summary="提请会议研究人民路拓宽改造工程征地拆迁补偿标准和资金安排。",
            reporter="市交通运输局局长 孙伟", leader=people["vice_mayor"], leader_agreed=True,
            consulted_units=[units["SL-SLJ"], units["SL-DC"]],
            consultation="市水利局无不同意见；东城区建议补偿资金分两期拨付，已采纳。", legal_review_needed=True,
            legal_opinion="经市司法局审查，补偿方案符合《国有土地上房屋征收与补偿条例》，同意提请审议。"),
            materials=[_material()], at=_at(held - timedelta(days=4), 10))
        tr.accept_topic(topic, clerk, at=_at(held - timedelta(days=4), 15))
        meeting = tr.plan_meeting(clerk, kind="executive", starts_at=_at(held, 9), place="市政府第一会议室",
                                  chair=people["mayor"], at=_at(held - timedelta(days=3), 9))
        tr.schedule(meeting, clerk, [topic], at=_at(held - timedelta(days=3), 9, 30))
        tr.invite(meeting, clerk, units=[units["SL-JT"], units["SL-SLJ"], units["SL-DC"]],
                  people=[people["vice_mayor"]], at=_at(held - timedelta(days=3), 9, 30))
        tr.send_notice(meeting, clerk, text="请各参会单位主要负责同志准时参会，汇报单位提前15分钟到场。",
                       at=_at(held - timedelta(days=3), 10))
        rows = {a.unit_id if a.person_id is None else "vice": a for a in meeting.attendances.all()}
        tr.reply(rows[units["SL-JT"].pk], jt, reply="attending", at=_at(held - timedelta(days=2), 9))
        tr.reply(rows[units["SL-SLJ"].pk], slj, reply="substitute", substitute="市水利局副局长 钱进",
                 at=_at(held - timedelta(days=2), 9))
        tr.reply(rows[units["SL-DC"].pk], dc, reply="leave", leave_reason="参加省政府会议", at=_at(held - timedelta(days=2), 9))
        for key in (units["SL-JT"].pk, units["SL-SLJ"].pk, "vice"):
            tr.sign_in(rows[key], clerk, at=_at(held, 8, 50))
        tr.hold(meeting, clerk, at=_at(held, 11, 30))
        tr.draft_minutes(meeting, clerk, title=f"{meeting.year}年{meeting.number}纪要", text=(
            f"{held.month}月{held.day}日，陈志远市长主持召开市政府{meeting.number}，研究人民路拓宽改造工程征地拆迁补偿方案。纪要如下：\n"
            "一、关于人民路拓宽改造工程征地拆迁补偿方案\n"
            "会议原则同意市交通运输局提出的补偿方案。\n"
            "（一）加快征收。市交通运输局牵头，东城区配合，按期完成征收。\n"
            "（二）同步改造排水管网。市水利局抓紧完成人民路排水管网改造方案。"),
            relay_units=[units["SL-JT"], units["SL-SLJ"], units["SL-DC"]], at=_at(held, 15))
        first = tr.add_decision(meeting, clerk, text="市交通运输局牵头、东城区配合，按期完成人民路拓宽改造工程征地拆迁。",
                                lead_unit=units["SL-JT"], co_units=[units["SL-DC"]],
                                deadline=today + timedelta(days=45), at=_at(held, 15))
        tr.add_decision(meeting, clerk, text="市水利局完成人民路排水管网改造方案，报分管副市长审定。", lead_unit=units["SL-SLJ"],
                        deadline=today + timedelta(days=60), leader=people["vice_mayor"], at=_at(held, 15))
        tr.issue_minutes(meeting, clerk, at=_at(issued, 10))
        tr.register_decision(first, people["dcs_li"], at=_at(issued, 14))
        relays = {r.unit_id: r for r in meeting.relays.all()}
        tr.record_relay(relays[units["SL-SLJ"].pk], slj, relayed_on=_at(issued, 15), method="party_group",
                        audience="局党组成员、各科室负责人", at=_at(issued, 16))
        tr.report_relay(relays[units["SL-SLJ"].pk], slj, report="已召开局党组会议传达学习，部署排水管网改造方案编制。",
                        at=_at(issued, 17))
        tr.record_relay(relays[units["SL-DC"].pk], dc, relayed_on=_at(issued, 16), method="office_meeting",
                        audience="区政府领导班子成员", at=_at(issued, 16, 30))
    return f"会议：{meeting.name}（纪要{meeting.minutes.issue_text}已印发，传达 3 个单位，议定事项 1 项已立项督办）。"
