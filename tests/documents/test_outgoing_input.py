"""Bad input to 发文: a damaged or disguised .docx, a typed 文号 that collides or leaves a gap, 签发
while the checks find errors, 涉密, facts that do not fit the 文种 — each refused with the Chinese
reason and nothing half-saved; numbering at the same moment on PostgreSQL."""

from __future__ import annotations

import threading

import outgoing_flow as flow
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from incoming_flow import at

from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.documents import numbers
from zhongshu.documents import outgoing as out
from zhongshu.documents.models import DraftVersion, IssuedNumber, OutgoingDocument, OutgoingStep

pytestmark = pytest.mark.django_db



def _counts():
    return OutgoingDocument.objects.count(), DraftVersion.objects.count(), OutgoingStep.objects.count()


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("通知.docx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 400),  # a renamed executable
    SimpleUploadedFile("通知.docx", flow.docx_of(flow.NOTICE)[:500]),  # cut short
    SimpleUploadedFile("通知.exe", b"MZ\x90\x00"),
])
def test_a_damaged_or_disguised_upload_is_refused_and_nothing_saved(people, city, series, upload):
    before = _counts()
    with pytest.raises(UserError) as info:
        out.draft(people.jt_staff, flow.draft_data(city, series, text=""), upload=upload)
    assert "不是有效的 Word 文档" in info.value.message or "只能检查 .docx 或 .txt 文件" in info.value.message
    assert _counts() == before
    doc = flow.drafting(people, city, series)
    before = _counts()
    upload.seek(0)
    with pytest.raises(UserError):
        out.revise(doc, people.jt_staff, upload=upload)
    assert _counts() == before


def test_the_facts_are_checked_all_at_once(people, city, series, settings):
    settings.ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED = False
    with pytest.raises(UserError) as info:
        out.draft(people.jt_staff, flow.draft_data(city, series, kind="request", title=" ", main_to="市人民政府、市发展改革委",
                                                   secrecy="secret", countersign_units=[city.traffic]))
    errors = info.value.details
    assert "请填写标题" in errors
    assert any("请示只主送一个机关" in e for e in errors)
    assert any("秘密级公文属于国家秘密，不得在非涉密信息系统中拟制和处理" in e for e in errors)
    assert any("示例市交通运输局是拟稿单位，不需会签" in e for e in errors)
    with pytest.raises(UserError, match="通知须填写主送机关"):
        out.draft(people.jt_staff, flow.draft_data(city, series, main_to=""))
    with pytest.raises(UserError, match="文稿为空"):
        out.draft(people.jt_staff, flow.draft_data(city, series, text="  \n "))
    series.active = False
    series.save()
    with pytest.raises(UserError, match="已停用"):
        out.draft(people.jt_staff, flow.draft_data(city, series))
    assert OutgoingDocument.objects.count() == 0


def test_review_needs_a_city_leader_to_sign(people, city, series):
    doc = flow.reviewing(people, city, series)
    for who in (None, people.jt_leader):
        with pytest.raises(UserError, match="请选择签发领导（须为市领导）"):
            out.review(doc, people.jt_leader, accept=True, signer=who)
    doc.refresh_from_db()
    assert doc.state == "reviewing" and doc.countersigns.count() == 0


def test_sign_is_refused_while_the_checks_find_errors(people, city, series):
    doc = flow.signing(people, city, series, title="关于加强管理的意见", text=flow.BAD)
    before = (_counts(), doc.state)
    with pytest.raises(TransitionRefused) as info:
        out.sign(doc, people.mayor, opinion="同意")
    message = info.value.message
    assert message.startswith("文稿（第1稿）尚有") and "不能签发" in message
    assert "成文日期" in message  # 2026.3.5
    assert "文种" in message or "标题" in message  # a 意见 titled where a 通知 was chosen
    doc.refresh_from_db()
    assert (_counts(), doc.state) == before and doc.signed_at is None
    out.sign(doc, people.mayor, approve=False, opinion="请按拟稿检查修改")  # sending it back is still possible
    doc.refresh_from_db()
    assert doc.state == "drafting"


def test_a_typed_number_that_collides_is_refused_and_nothing_changes(people, city, series):
    taken = numbers.take(series, title="关于另一件事的通知", by=people.clerk, at=at(2026, 1, 13, 8))
    doc = flow.checked(people, city, series)
    before = (IssuedNumber.objects.count(), OutgoingStep.objects.count())
    with pytest.raises(UserError) as info:
        out.number(doc, people.clerk, typed=taken.text, at=at(2026, 1, 13, 11))
    assert info.value.message.startswith("文号 示交发〔2026〕1号 已使用：《关于另一件事的通知》")
    assert "下一个可用文号是 示交发〔2026〕2号" in info.value.message
    for typed, says in (("示交发〔2026〕9号", "跳号会留下空号"), ("示交发[2026]2号", "年份须用六角括号"),
                        ("示政发〔2026〕2号", "机关代字是“示政发”"), ("示交发〔2025〕2号", "年份是 2025")):
        with pytest.raises(UserError, match=says):
            out.number(doc, people.clerk, typed=typed, at=at(2026, 1, 13, 11))
    doc.refresh_from_db()
    assert doc.state == "checked" and doc.number == "" and doc.issued_number is None
    assert (IssuedNumber.objects.count(), OutgoingStep.objects.count()) == before
    out.number(doc, people.clerk, typed="示交发〔2026〕2号", at=at(2026, 1, 13, 11))
    doc.refresh_from_db()
    assert doc.number == "示交发〔2026〕2号" and doc.issued_number.typed
    with pytest.raises(TransitionRefused, match="已编号待印发的发文不能编号"):
        out.number(doc, people.clerk, at=at(2026, 1, 13, 12))
    assert IssuedNumber.objects.count() == 2


def test_other_bad_input(people, city, series):
    doc = flow.issued(people, city, series)
    with pytest.raises(UserError, match="请选择保管期限"):
        out.archive(doc, people.clerk, retention="forever")
    with pytest.raises(TransitionRefused, match="已印发待归档的发文不能作废文号"):
        out.cancel_number(doc, people.clerk, reason="x")
    with pytest.raises(TransitionRefused, match="已印发待归档的发文不能印发"):
        out.issue(doc, people.clerk)
    doc.refresh_from_db()
    assert doc.state == "issued"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_clerks_numbering_at_the_same_moment(people, city, series):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本就串行")
    docs = [flow.checked(people, city, series, title=f"关于第{i}件事的通知") for i in range(4)]
    twice = docs[0]
    barrier = threading.Barrier(5)
    errors, refused = [], []

    def clerk_numbers(user, doc):
        try:
            barrier.wait()
            out.number(doc, user)
        except TransitionRefused as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pairs = [(people.clerk, d) for d in docs] + [(people.clerk2, OutgoingDocument.objects.get(pk=twice.pk))]
    threads = [threading.Thread(target=clerk_numbers, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert len(refused) == 1  # the same document numbered by two clerks at once: once
    assert sorted(IssuedNumber.objects.filter(series=series).values_list("seq", flat=True)) == [1, 2, 3, 4]
    numbered = OutgoingDocument.objects.filter(state="numbered")
    assert numbered.count() == 4 and len(set(numbered.values_list("number", flat=True))) == 4
