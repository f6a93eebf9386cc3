"""发文 from 拟稿 to 归档: versions kept and compared, 会签 by two units, 签发, 编号 by the 发文登记簿,
印发 as a laid-out .docx (reopened and read), 归档; the ways back (核稿, 会签 不同意, 签发 退回)."""

from __future__ import annotations

import io

import docx
import outgoing_flow as flow
import pytest
from incoming_flow import at

from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.files import attachments_for
from zhongshu.documents import outgoing as out
from zhongshu.documents.compare import compare
from zhongshu.documents.models import IssuedNumber, NumberState, OutgoingDocument
from zhongshu.notify.models import Notice

pytestmark = pytest.mark.django_db


def test_the_whole_way(people, city, series):
    doc = flow.drafting(people, city, series)
    assert doc.state == "drafting" and doc.versions.count() == 1
    assert doc.versions.get().note == "初稿"
    out.revise(doc, people.jt_staff, text=flow.REVISED, note="巡查改为每日三次", at=at(2026, 1, 12, 9, 30))
    out.submit(doc, people.jt_staff, at=at(2026, 1, 12, 10))
    assert Notice.objects.filter(recipient=people.jt_leader, title__contains="请核稿").exists()
    out.review(doc, people.jt_leader, accept=True, opinion="拟同意", signer=people.mayor, at=at(2026, 1, 12, 11))
    doc.refresh_from_db()
    assert doc.state == "countersigning" and doc.countersign_round == 1
    rows = list(doc.countersigns.order_by("unit__name"))
    assert [(r.unit.short_name, r.state, r.version.number) for r in rows] == [("东城区", "pending", 2),
                                                                              ("市水利局", "pending", 2)]
    assert Notice.objects.filter(recipient=people.sl_liaison, title__contains="请会签").exists()
    assert "拟稿检查" in doc.steps.get(action="review").opinion

    out.countersign(doc, people.sl_liaison, agree=True, opinion="同意", at=at(2026, 1, 12, 14))
    doc.refresh_from_db()
    assert doc.state == "countersigning"  # 东城区 still to countersign
    out.countersign(doc, people.dc_leader, agree=True, opinion="同意", at=at(2026, 1, 12, 15))
    doc.refresh_from_db()
    assert doc.state == "signing"
    assert Notice.objects.filter(recipient=people.mayor, title__contains="请签发").exists()

    out.sign(doc, people.mayor, opinion="同意印发", at=at(2026, 1, 13, 9))
    out.recheck(doc, people.clerk, at=at(2026, 1, 13, 10))
    out.number(doc, people.clerk, at=at(2026, 1, 13, 11))
    doc.refresh_from_db()
    assert doc.state == "numbered" and doc.number == "示交发〔2026〕1号"
    assert doc.issued_number.title == doc.title and doc.issued_number.taken_by == people.clerk
    out.issue(doc, people.clerk, at=at(2026, 1, 13, 14))
    doc.refresh_from_db()
    assert doc.state == "issued" and doc.printer == "示例市交通运输局"
    out.archive(doc, people.clerk, retention="30y", at=at(2026, 1, 14))
    doc.refresh_from_db()
    assert doc.state == "archived" and doc.get_retention_display() == "定期30年"
    assert [s.action for s in doc.steps.all()] == ["draft", "revise", "submit", "review", "countersign",
                                                   "countersign", "sign", "recheck", "number", "issue", "archive"]


def test_the_issued_paper_is_the_last_version_laid_out_with_its_number(people, city, series):
    doc = flow.numbered(people, city, series)
    out.issue(doc, people.clerk, at=at(2026, 1, 13, 14))
    (paper,) = attachments_for(doc, "issued")
    assert paper.name.endswith(".docx") and "示交发〔2026〕1号" in paper.name
    text = _docx_text(paper)
    assert "示交发〔2026〕1号" in text
    assert "示例市交通运输局文件" in text.replace("\n", "")
    assert "示例市交通运输局关于做好2026年春运道路交通保障工作的通知" in text
    assert "市公安局，市应急管理局" in text  # 抄送 in the 版记
    assert "签发人" not in text  # a 通知 names no 签发人


def test_an_upward_document_names_its_signer(people, city, series):
    doc = flow.numbered(people, city, series, kind="request", title="示例市水利局关于拨付人民路供水管网改造资金的请示",
                        main_to="市人民政府", text=flow.REQUEST, countersign_units=[])
    assert doc.steps.filter(action="countersign").count() == 0  # no 会签: 核稿 sent it straight to 签发
    out.issue(doc, people.clerk, at=at(2026, 1, 13, 14))
    (paper,) = attachments_for(doc, "issued")
    text = _docx_text(paper)
    assert "签发人" in text and "陈市长" in text


def test_a_纪要_issued_through_发文_prints_its_期数(people, city, series):
    minutes = (flow.DRAFTS / "good_minutes.txt").read_text(encoding="utf-8")
    doc = flow.numbered(people, city, series, kind="minutes", title="市政府第12次常务会议纪要", main_to="",
                        text=minutes, countersign_units=[])
    out.issue(doc, people.clerk, at=at(2026, 1, 13, 14))
    (paper,) = attachments_for(doc, "issued")
    text = _docx_text(paper)
    assert "纪要" in text and f"第{doc.issued_number.seq}期" in text
    assert "出席" in text and "张明、李强" in text


def test_every_save_is_a_new_version_and_none_is_edited(people, city, series):
    doc = flow.drafting(people, city, series)
    v2 = out.revise(doc, people.jt_staff, text=flow.REVISED, note="改巡查次数", at=at(2026, 1, 12, 9, 30))
    v3 = out.revise(doc, people.jt_staff, upload=flow.upload(flow.REVISED + "\n"), at=at(2026, 1, 12, 9, 40))
    assert [v.number for v in doc.versions.all()] == [1, 2, 3]
    assert doc.versions.get(number=1).text == flow.NOTICE and v2.note == "改巡查次数"
    assert v3.file_name == "修改稿.docx" and "每日巡查三次" in v3.text
    with pytest.raises(UserError, match="与第3稿相同"):
        out.revise(doc, people.jt_staff, text=v3.text)
    v2.text = "改掉"
    with pytest.raises(ValueError, match="不得修改"):
        v2.save()
    assert doc.versions.get(number=2).text == flow.REVISED
    out.submit(doc, people.jt_staff)
    out.revise(doc, people.jt_leader, text=flow.REVISED.replace("三次", "四次"), note="核稿时修改")  # the reviewer may edit
    out.review(doc, people.jt_leader, accept=True, signer=people.mayor)
    with pytest.raises(TransitionRefused, match="会签中的发文不能修改文稿"):
        out.revise(doc, people.jt_staff, text=flow.NOTICE)


def test_two_versions_compared_by_character():
    result = compare("为保障春运期间安全，每日巡查两次。\n落实值班。\n", "为保障春运期间安全畅通，每日巡查三次。\n落实值班。\n<script>\n")
    html = str(result.html)
    assert '<ins class="zs-ins">畅通</ins>' in html
    assert '<del class="zs-del">两</del><ins class="zs-ins">三</ins>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert (result.inserted, result.deleted) == (len("畅通三<script>"), 1)
    assert compare("同一稿", "同一稿").same


def test_countersign_disagreed_goes_back_and_a_new_round_asks_again(people, city, series):
    doc = flow.countersigning(people, city, series)
    with pytest.raises(UserError, match="请填写会签意见"):
        out.countersign(doc, people.sl_liaison, agree=False, opinion=" ")
    out.countersign(doc, people.sl_liaison, agree=False, opinion="第二条与我局职责不符", at=at(2026, 1, 12, 14))
    doc.refresh_from_db()
    assert doc.state == "drafting"
    assert {r.unit.short_name: r.state for r in doc.countersigns.all()} == {"市水利局": "disagreed", "东城区": "closed"}
    assert Notice.objects.filter(recipient=people.jt_staff, body__contains="第二条与我局职责不符").exists()
    with pytest.raises(UserError, match="没有待您单位会签"):
        out.countersign(doc, people.dc_leader, agree=True)
    out.revise(doc, people.jt_staff, text=flow.REVISED, note="按市水利局意见修改")
    out.submit(doc, people.jt_staff)
    out.review(doc, people.jt_leader, accept=True, signer=people.mayor, countersign_units=[city.water])
    doc.refresh_from_db()
    assert doc.countersign_round == 2
    assert list(doc.countersigns.filter(round=2).values_list("unit__short_name", "state")) == [("市水利局", "pending")]
    out.countersign(doc, people.sl_liaison, agree=True)
    doc.refresh_from_db()
    assert doc.state == "signing"


def test_review_and_sign_can_send_back_with_the_reason(people, city, series):
    doc = flow.reviewing(people, city, series)
    with pytest.raises(UserError, match="请填写核稿意见"):
        out.review(doc, people.jt_leader, accept=False)
    out.review(doc, people.jt_leader, accept=False, opinion="标题过长")
    doc.refresh_from_db()
    assert doc.state == "drafting" and doc.steps.last().opinion == "标题过长"
    doc = flow.signing(people, city, series)
    out.sign(doc, people.mayor, approve=False, opinion="请再征求市公安局意见")
    doc.refresh_from_db()
    assert doc.state == "drafting" and doc.signed_at is None


def test_a_cancelled_number_is_recorded_and_the_next_one_given(people, city, series):
    doc = flow.numbered(people, city, series)
    out.cancel_number(doc, people.clerk, reason="标题有误，重新编号", at=at(2026, 1, 13, 12))
    doc.refresh_from_db()
    assert doc.state == "checked" and doc.number == "" and doc.issued_number is None
    first = IssuedNumber.objects.get(seq=1)
    assert first.state == NumberState.CANCELLED and first.cancel_reason == "标题有误，重新编号"
    out.number(doc, people.clerk, at=at(2026, 1, 13, 13))
    doc.refresh_from_db()
    assert doc.number == "示交发〔2026〕2号"
    assert OutgoingDocument.objects.get(pk=doc.pk).issued_number.seq == 2


def test_each_countersigning_unit_has_its_clock_and_is_reminded(client, people, city, series):
    from datetime import date

    from django.utils import timezone

    from zhongshu.clocks import sweep
    from zhongshu.clocks.hooks import link_for
    from zhongshu.clocks.models import Ladder

    assert Ladder.objects.filter(kind="documents.countersign").exists()  # seeded by migration 0006
    doc = flow.countersigning(people, city, series)  # 送会签 on Monday 2026-01-12
    water, east = doc.countersigns.get(unit=city.water), doc.countersigns.get(unit=city.east)
    for row in (water, east):
        assert row.clock.kind == "documents.countersign" and row.clock.unit == row.unit and row.clock.is_open
        assert timezone.localtime(row.clock.due_at).date() == date(2026, 1, 15)  # 3 working days
    out.countersign(doc, people.sl_liaison, agree=True, at=at(2026, 1, 13, 9))
    water.clock.refresh_from_db()
    assert water.clock.state == "done"
    sweep(now=at(2026, 1, 14, 9))  # 1 working day before: 预警 to the unit still to countersign
    assert Notice.objects.filter(recipient=people.dc_leader, title__startswith="【会签预警】").exists()
    assert not Notice.objects.filter(recipient=people.sl_liaison, title__startswith="【会签预警】").exists()
    sweep(now=at(2026, 1, 16, 9))  # 1 working day late: 催办, to the unit and the 文秘
    for user in (people.dc_leader, people.clerk):
        assert Notice.objects.filter(recipient=user, title__startswith="【会签催办】").exists(), user
    notice = Notice.objects.filter(recipient=people.dc_leader, title__startswith="【会签催办】").first()
    assert notice.link == link_for(east.clock) == f"/documents/outgoing/countersign/{east.pk}/"
    client.force_login(people.dc_leader)
    assert client.get(notice.link).url == f"{doc.get_absolute_url()}#zs-countersigns"
    client.force_login(people.jt_staff)  # the drafting unit sees the 发文 too
    assert client.get(notice.link).status_code == 302
    out.countersign(doc, people.dc_leader, agree=False, opinion="请补充", at=at(2026, 1, 16, 10))
    east.clock.refresh_from_db()
    assert east.clock.state == "done"


def test_a_round_ended_without_a_unit_stops_its_clock(people, city, series):
    doc = flow.countersigning(people, city, series)
    out.countersign(doc, people.sl_liaison, agree=False, opinion="不同意第二条", at=at(2026, 1, 12, 15))
    east = doc.countersigns.get(unit=city.east)
    assert east.state == "closed" and east.clock.state == "stopped"
    assert doc.countersigns.get(unit=city.water).clock.state == "done"


def _docx_text(attachment) -> str:
    """The text of a stored .docx: body paragraphs, then table cells (the 版记 is in a box)."""
    with attachment.file.open("rb") as fh:
        opened = docx.Document(io.BytesIO(fh.read()))
    cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)
