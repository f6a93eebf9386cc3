"""Bad input: materials that are corrupt or disguised programs, missing gate answers, impossible
dates — each refused with the reason in Chinese, and nothing half-saved."""

from __future__ import annotations

import io
import zipfile

import meeting_flow as flow
import pytest
from meeting_flow import at

from zhongshu.core.errors import UserError
from zhongshu.core.models import Attachment
from zhongshu.meetings import transitions as tr
from zhongshu.meetings.models import Meeting, Topic

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


BAD = [
    ("报告.docx", EXE, "文件内容与扩展名不符：报告.docx 不是Word 文档"),
    ("方案.pdf", EXE, "文件内容与扩展名不符：方案.pdf 不是PDF"),
    ("测算表.xlsx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "文件内容与扩展名不符"),
    ("报告.doc", b"just some text pretending to be Word", "文件内容与扩展名不符：报告.doc"),
    ("报告.docx", flow.docx_bytes()[:400], "文件已损坏或不完整：报告.docx"),
    ("报告.docx", _zip({"hello.txt": "not a document"}), "文件已损坏或不完整：报告.docx"),
    ("报告.docx", _zip({"word/document.xml": "<not-xml"}), "文件已损坏或不完整：报告.docx"),
    ("方案.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n", "文件已损坏或不完整：方案.pdf"),
    ("setup.exe", EXE, "不支持的附件类型：setup.exe"),
    ("材料.zip", _zip({"a.txt": "x"}), "会议材料只能是"),
    ("空.docx", b"", "附件为空文件"),
]


@pytest.mark.parametrize("name,data,message", BAD, ids=[f"{n}-{m[:8]}" for n, _, m in BAD])
def test_bad_materials_are_refused_and_nothing_is_saved(people, city, name, data, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(")):
        tr.submit_topic(people.jt_liaison, flow.topic_input(people, city),
                        materials=[flow.material("好的材料.docx"), flow.material(name, data)], at=at(2026, 3, 2, 9))
    assert Topic.objects.count() == 0 and Attachment.objects.count() == 0


def test_a_bad_material_on_resubmission_leaves_the_returned_topic_as_it_was(people, city):
    topic = tr.return_topic(flow.submitted(people, city), people.clerk, reason="补充测算表", at=at(2026, 3, 2, 9, 30))
    with pytest.raises(UserError, match="文件内容与扩展名不符"):
        tr.resubmit_topic(topic, people.jt_liaison, flow.topic_input(people, city, title="改过的标题"),
                          materials=[flow.material("测算表.docx", EXE)], at=at(2026, 3, 2, 10))
    topic.refresh_from_db()
    assert topic.state == "returned" and topic.title != "改过的标题" and Attachment.objects.count() == 1


def test_good_materials_of_every_kind(people, city):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    xlsx = _zip({"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<Types/>"})
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    topic = tr.submit_topic(people.jt_liaison, flow.topic_input(people, city), at=at(2026, 3, 2, 9), materials=[
        flow.material(), flow.material("方案.pdf", pdf), flow.material("测算表.xlsx", xlsx),
        flow.material("旧版.doc", ole)])
    assert Attachment.objects.filter(object_id=topic.pk, purpose="material").count() == 4


def test_the_gate_answers_are_required(people, city):
    cases = [
        (dict(consulted_units=[], consultation=""), "请填写征求意见情况"),
        (dict(consultation=""), "已选择征求意见单位，请填写各单位意见"),
        (dict(consulted_units=[city.traffic]), "征求意见单位不能是提交单位本身"),
        (dict(legal_opinion=""), "该议题需经合法性审查：请填写司法行政部门的合法性审查意见"),
        (dict(leader_agreed=False), "议题上会须经分管市领导同意：请确认刘副市长已同意"),
        (dict(leader=people.jt_leader), "请选择分管市领导"),
        (dict(title="  ", reporter=""), "请填写议题名称；.*请填写汇报人"),
        (dict(kind="party"), "拟提请会议不正确"),
    ]
    for overrides, message in cases:
        with pytest.raises(UserError, match=message) as caught:
            tr.submit_topic(people.jt_liaison, flow.topic_input(people, city, **overrides),
                            materials=[flow.material()], at=at(2026, 3, 2, 9))
        assert caught.value.code == "invalid_topic", overrides
    assert Topic.objects.count() == 0 and Attachment.objects.count() == 0
    with pytest.raises(UserError, match="请上传议题材料"):
        tr.submit_topic(people.jt_liaison, flow.topic_input(people, city), at=at(2026, 3, 2, 9))
    topic = tr.submit_topic(people.jt_liaison, flow.topic_input(people, city, consulted_units=[],
                                                                consultation="不涉及其他单位", legal_review_needed=False),
                            materials=[flow.material()], at=at(2026, 3, 2, 9))
    assert topic.legal_opinion == "" and not topic.consulted_units.exists()


def test_bad_meeting_and_decision_input(people, city):
    with pytest.raises(UserError, match="已过.*请填写会议地点.*请选择主持会议的市领导") as caught:
        tr.plan_meeting(people.clerk, kind="executive", starts_at=at(2026, 2, 1, 9), place="", chair=people.jt_leader,
                        at=at(2026, 3, 2, 9))
    assert len(caught.value.details) == 3
    with pytest.raises(UserError, match="专题会议请填写会议名称"):
        tr.plan_meeting(people.clerk, kind="topic", starts_at=at(2026, 3, 5, 9), place="二楼", chair=people.vice,
                        at=at(2026, 3, 2, 9))
    assert Meeting.objects.count() == 0
    meeting = flow.held(people, city)
    with pytest.raises(UserError, match="不能同时作为配合单位"):
        tr.add_decision(meeting, people.clerk, text="x", lead_unit=city.water, co_units=[city.water],
                        at=at(2026, 3, 5, 15))
    with pytest.raises(UserError, match="完成时限 2026-03-01 早于今天"):
        from datetime import date

        tr.add_decision(meeting, people.clerk, text="x", lead_unit=city.water, deadline=date(2026, 3, 1),
                        at=at(2026, 3, 5, 15))
    with pytest.raises(UserError, match="请填写议定事项"):
        tr.add_decision(meeting, people.clerk, text=" ", lead_unit=city.water, at=at(2026, 3, 5, 15))
    assert meeting.decisions.count() == 0
    with pytest.raises(UserError, match="请填写会议通知内容"):
        tr.send_notice(flow.planned(people, city), people.clerk, text="", at=at(2026, 3, 2, 14))


def test_bad_relay_input(people, city):
    meeting = flow.issued(people, city)
    relay = meeting.relays.get(unit=city.traffic)
    with pytest.raises(UserError, match="传达时间晚于现在.*请选择传达方式.*请填写传达范围"):
        tr.record_relay(relay, people.jt_liaison, relayed_on=at(2026, 3, 9, 18), method="chat", audience="",
                        at=at(2026, 3, 9, 16))
    with pytest.raises(UserError, match="传达时间早于会议召开"):
        tr.record_relay(relay, people.jt_liaison, relayed_on=at(2026, 3, 1, 9), method="study", audience="全体",
                        at=at(2026, 3, 9, 16))
    relay.refresh_from_db()
    assert relay.state == "pending" and relay.relay_clock.state == "running"
    tr.record_relay(relay, people.jt_liaison, relayed_on=at(2026, 3, 9, 15), method="study", audience="全体",
                    at=at(2026, 3, 9, 16))
    with pytest.raises(UserError, match="请填写学习传达情况"):
        tr.report_relay(relay, people.jt_liaison, report="  ", at=at(2026, 3, 10, 9))
