"""收文 from 签收 to 归档: states, who holds the paper at each step, the 传阅 history, the 承办 clock
and its 催办 ladder, notices and the trail."""

from __future__ import annotations

from datetime import date

import incoming_flow as flow
import pytest
from incoming_flow import at

from zhongshu.audit.models import AuditRecord
from zhongshu.clocks import sweep
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.files import attachments_for
from zhongshu.documents import incoming as inc
from zhongshu.documents.models import IncomingDocument
from zhongshu.notify.models import Notice

pytestmark = pytest.mark.django_db


def _notes(doc):
    return list(AuditRecord.objects.filter(content_type__model="incomingdocument", object_id=str(doc.pk))
                .order_by("seq").values_list("note", flat=True))


def test_the_whole_way_with_the_holder_always_known(people, city):
    doc = flow.received(people)
    assert doc.state == "received" and doc.holder == people.clerk and doc.number == ""
    assert doc.holder_text == "周文秘（市政府办）"

    doc = inc.register(doc, people.clerk, flow.registration(), scans=[flow.pdf()], at=at(2026, 3, 2, 9, 30))
    assert doc.state == "registered" and doc.number == "2026-0001" and doc.registered_by == people.clerk
    assert [a.name for a in attachments_for(doc, "scan")] == ["来文.pdf"]
    assert doc.written_on == date(2026, 2, 26) and doc.copies == 2 and doc.secrecy == "none"

    doc = inc.review(doc, people.clerk, accept=True, at=at(2026, 3, 2, 10))
    assert doc.state == "reviewed"
    doc = inc.propose(doc, people.clerk, opinion="建议呈陈市长阅示", leader=people.mayor, unit=city.traffic,
                      at=at(2026, 3, 2, 11))
    assert doc.state == "proposed" and doc.holder == people.mayor
    assert Notice.objects.filter(recipient=people.mayor, title__startswith="【请批办】").exists()

    inc.read(doc, people.mayor, comment="请市交通局办理", at=at(2026, 3, 2, 15))
    doc = inc.direct(doc, people.mayor, opinion="请市交通局牵头、市水利局配合办理", lead_unit=city.traffic,
                     co_units=[city.water], at=at(2026, 3, 3, 9))
    assert doc.state == "handling" and doc.holder is None and doc.holder_unit == city.traffic
    assert doc.holder_text == "示例市交通运输局"
    assert doc.clock.kind == "documents.handle" and doc.deadline == date(2026, 3, 10)  # 5 working days from 3月3日
    for user in (people.jt_liaison, people.jt_leader, people.sl_liaison):
        assert Notice.objects.filter(recipient=user, title__startswith="【收文承办】").exists()
    assert not Notice.objects.filter(recipient=people.dc_liaison).exists()

    inc.circulate(doc, people.clerk, to=people.vice, note="请刘副市长阅", at=at(2026, 3, 3, 10))
    doc.refresh_from_db()
    assert doc.holder == people.vice and doc.holder_text == "刘副市长（市政府）"
    inc.read(doc, people.vice, comment="已阅", at=at(2026, 3, 3, 11))
    inc.circulate(doc, people.vice, to=people.clerk, at=at(2026, 3, 3, 14))

    inc.handle(doc, people.jt_liaison, text="已组织现场踏勘，形成初步方案", at=at(2026, 3, 4, 10))
    inc.remind(doc, people.clerk, note="请于本周内报送", at=at(2026, 3, 5, 9))
    doc.refresh_from_db()
    assert doc.remind_count == 1
    assert Notice.objects.filter(recipient=people.jt_leader, title__startswith="【催办】").exists()

    doc = inc.complete(doc, people.jt_leader, result="已完成征地方案", files=[flow.pdf("办理结果.pdf")],
                       at=at(2026, 3, 6, 16))
    assert doc.state == "done" and not doc.completed_late and doc.holder == people.clerk
    doc.clock.refresh_from_db()
    assert doc.clock.state == "done"
    assert Notice.objects.filter(recipient=people.mayor, title__startswith="【办结】").exists()

    doc = inc.archive(doc, people.clerk, retention="30y", at=at(2026, 3, 9, 9))
    assert doc.state == "archived" and doc.holder_text == "已归档"

    moves = [(m.get_kind_display(), m.from_label, m.to_label, bool(m.read_at)) for m in doc.movements.all()]
    assert moves == [("签收", "示例市交通运输局", "周文秘", False), ("呈批", "周文秘", "陈市长", True),
                     ("交承办", "陈市长", "示例市交通运输局", False), ("传阅", "周文秘", "刘副市长", True),
                     ("传阅", "刘副市长", "周文秘", False), ("办结退回", "市交通局领导", "周文秘", False)]
    notes = _notes(doc)
    for step in ("签收", "登记", "初审通过", "拟办", "批办：市交通局承办", "传阅：周文秘 → 刘副市长", "催办：请于本周内报送",
                 "办结", "归档（定期30年）"):
        assert step in notes, step


def test_a_document_to_be_read_only_is_done_at_once(people, city):
    doc = inc.direct(flow.proposed(people, city), people.mayor, opinion="阅知", at=at(2026, 3, 3, 9))
    assert doc.state == "done" and doc.clock is None and doc.lead_unit is None
    assert not IncomingDocument.objects.restrict(people.jt_liaison).exists()
    inc.archive(doc, people.clerk, retention="10y", at=at(2026, 3, 3, 10))


def test_review_returns_with_reasons_and_the_number_may_come_again(people, city):
    doc = flow.registered(people)
    with pytest.raises(UserError, match="请填写退文理由"):
        inc.review(doc, people.clerk, accept=False, reason="  ", at=at(2026, 3, 2, 10))
    doc.refresh_from_db()
    assert doc.state == "registered"
    inc.review(doc, people.clerk, accept=False, reason="越级行文，应报市交通运输局的上级主管部门", at=at(2026, 3, 2, 10))
    doc.refresh_from_db()
    assert doc.state == "returned" and doc.return_reason.startswith("越级行文") and doc.holder is None
    assert doc.holder_text == "已退回示例市交通运输局"
    assert doc.movements.last().get_kind_display() == "退文"
    with pytest.raises(TransitionRefused, match="已退文的收文不能拟办"):
        inc.propose(doc, people.clerk, opinion="x", leader=people.mayor, at=at(2026, 3, 2, 11))
    again = flow.registered(people)  # the corrected document sent again under the same 文号
    assert again.state == "registered" and again.number == "2026-0002"


def test_urgency_sets_the_time_limit_and_a_leader_may_set_a_date(people, city, settings):
    doc = inc.direct(flow.proposed(people, city), people.mayor, opinion="急办", lead_unit=city.traffic,
                     at=at(2026, 3, 3, 9))
    assert doc.deadline == date(2026, 3, 10)
    other = inc.receive(people.clerk, issuer="示例市水利局", title="关于防汛的紧急报告", received_on=date(2026, 3, 2),
                        at=at(2026, 3, 2, 9))
    inc.register(other, people.clerk, flow.registration(issuer="示例市水利局", doc_number="示水发〔2026〕3号",
                                                        title="关于防汛的紧急报告", urgency="extra_urgent"),
                 scans=[flow.pdf()], at=at(2026, 3, 2, 9))
    inc.review(other, people.clerk, accept=True, at=at(2026, 3, 2, 9))
    inc.propose(other, people.clerk, opinion="呈阅", leader=people.vice, at=at(2026, 3, 2, 9))
    inc.direct(other, people.vice, opinion="立即办理", lead_unit=city.water, at=at(2026, 3, 2, 10))
    assert other.deadline == date(2026, 3, 3)  # 特急: 1 working day
    third = flow.proposed(people, city, doc_number="示交发〔2026〕13号")
    with pytest.raises(UserError, match="早于今天"):
        inc.direct(third, people.mayor, opinion="x", lead_unit=city.traffic, deadline=date(2026, 3, 1),
                   at=at(2026, 3, 3, 9))
    with pytest.raises(UserError, match="不能同时作为协办单位"):
        inc.direct(third, people.mayor, opinion="x", lead_unit=city.traffic, co_units=[city.traffic],
                   at=at(2026, 3, 3, 9))
    with pytest.raises(UserError, match="请选择主办单位"):
        inc.direct(third, people.mayor, opinion="x", co_units=[city.water], at=at(2026, 3, 3, 9))
    inc.direct(third, people.mayor, opinion="6月底前办结", lead_unit=city.traffic, deadline=date(2026, 6, 30),
               at=at(2026, 3, 3, 9))
    assert third.deadline == date(2026, 6, 30)


def test_the_clock_reminds_the_unit_and_the_clerks_then_escalates(people, city):
    doc = flow.handling(people, city)  # due 2026-03-10
    sweep(now=at(2026, 3, 9, 9))  # 预警: 1 working day before
    assert Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【收文预警】").exists()
    sweep(now=at(2026, 3, 11, 9))  # 1 working day late: 催办
    for user in (people.jt_liaison, people.jt_leader, people.clerk, people.clerk2):
        assert Notice.objects.filter(recipient=user, title__startswith="【收文催办】").exists(), user
    notice = Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【收文催办】").first()
    assert notice.link == doc.get_absolute_url()
    sweep(now=at(2026, 3, 13, 9))  # 3 working days late: 督办, red, to the leader who directed it
    assert Notice.objects.filter(recipient=people.mayor, title__startswith="【收文督办】").exists()
    doc.clock.refresh_from_db()
    assert doc.clock.escalated
    doc = inc.complete(doc, people.jt_liaison, result="已办结", at=at(2026, 3, 13, 15))
    assert doc.completed_late and "逾期办结" in _notes(doc)


def test_only_the_holder_directs_circulates_and_reads(people, city):
    doc = flow.proposed(people, city)  # 陈市长 holds it
    with pytest.raises(UserError, match="该文件不在您手中，不能批办（现由陈市长（市政府）持有）"):
        inc.direct(doc, people.vice, opinion="x", lead_unit=city.traffic, at=at(2026, 3, 3, 9))
    inc.circulate(doc, people.mayor, to=people.vice, note="请刘副市长阅示", at=at(2026, 3, 2, 14))
    with pytest.raises(UserError, match="不在您手中"):
        inc.direct(doc, people.mayor, opinion="x", lead_unit=city.traffic, at=at(2026, 3, 3, 9))
    with pytest.raises(UserError, match="传阅对象须为市领导或文秘"):
        inc.circulate(doc, people.vice, to=people.jt_liaison, at=at(2026, 3, 2, 15))
    with pytest.raises(TransitionRefused, match="文件已在刘副市长手中"):
        inc.circulate(doc, people.clerk, to=people.vice, at=at(2026, 3, 2, 15))
    inc.read(doc, people.vice, at=at(2026, 3, 2, 15))
    with pytest.raises(TransitionRefused, match="您已于 2026-03-02 15:00 阅毕"):
        inc.read(doc, people.vice, at=at(2026, 3, 2, 16))
    inc.direct(doc, people.vice, opinion="请市交通局办理", lead_unit=city.traffic, at=at(2026, 3, 3, 9))
    assert doc.directed_by == people.vice


def test_states_refuse_steps_out_of_order(people, city):
    doc = flow.received(people)
    with pytest.raises(TransitionRefused, match="已签收待登记的收文不能初审"):
        inc.review(doc, people.clerk, accept=True, at=at(2026, 3, 2, 10))
    with pytest.raises(TransitionRefused, match="不能传阅"):
        inc.circulate(doc, people.clerk, to=people.mayor, at=at(2026, 3, 2, 10))
    doc = flow.handling(people, city)
    with pytest.raises(TransitionRefused, match="承办中的收文不能归档"):
        inc.archive(doc, people.clerk, retention="30y", at=at(2026, 3, 4))
    with pytest.raises(TransitionRefused, match="承办中的收文不能登记"):
        inc.register(doc, people.clerk, flow.registration(), scans=[flow.pdf()], at=at(2026, 3, 4))
    inc.complete(doc, people.jt_liaison, result="已办结", at=at(2026, 3, 5))
    with pytest.raises(TransitionRefused, match="已办结待归档的收文不能催办"):
        inc.remind(doc, people.clerk, at=at(2026, 3, 5))
    with pytest.raises(UserError, match="请选择保管期限"):
        inc.archive(doc, people.clerk, retention="forever", at=at(2026, 3, 6))


def test_registration_may_be_corrected_before_review_and_keeps_its_number(people, city):
    doc = flow.registered(people)
    inc.register(doc, people.clerk, flow.registration(copies=3, urgency="urgent"), at=at(2026, 3, 2, 11))
    doc.refresh_from_db()
    assert doc.number == "2026-0001" and doc.copies == 3 and doc.urgency == "urgent"
    assert attachments_for(doc, "scan").count() == 1  # the scan already there is enough
    assert "修改登记" in _notes(doc)
