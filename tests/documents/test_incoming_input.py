"""Bad input at 签收 and 登记: each refused with a clear Chinese reason, and nothing half-saved — no
state change, no scan stored, no 收文编号 used up, no trail."""

from __future__ import annotations

import threading
from datetime import date

import incoming_flow as flow
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from incoming_flow import at

from zhongshu.audit.models import AuditRecord
from zhongshu.core.errors import UserError
from zhongshu.core.models import Attachment, Sequence
from zhongshu.documents import incoming as inc
from zhongshu.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db


def _register_refused(people, doc, match, *, scans=None, **overrides):
    before = (AuditRecord.objects.count(), Attachment.objects.count(), list(Sequence.objects.values_list("last")))
    with pytest.raises(UserError, match=match) as info:
        inc.register(doc, people.clerk, flow.registration(**overrides), scans=[flow.pdf()] if scans is None else scans,
                     at=at(2026, 3, 2, 10))
    doc.refresh_from_db()
    assert doc.state == "received" and doc.number == ""
    assert (AuditRecord.objects.count(), Attachment.objects.count(),
            list(Sequence.objects.values_list("last"))) == before
    return info.value


def test_a_duplicate_from_the_same_issuer_is_caught_in_any_writing(people, city):
    first = flow.registered(people)
    for typed in ("示交发〔2026〕12号", "示交发[2026]12号", "示交发（2026）第12号", " 示交发 〔2026〕 012号 "):
        exc = _register_refused(people, flow.received(people), "重复登记", doc_number=typed)
        assert exc.status == 409
        assert (f"示例市交通运输局的 示交发〔2026〕12号 已于 2026-03-02 09:30 由周文秘登记，收文编号 {first.number}"
                in exc.message)
    # the same number from another issuer, or another number from the same one, is another document
    other = inc.register(flow.received(people), people.clerk, flow.registration(issuer="示例市水利局"),
                         scans=[flow.pdf()], at=at(2026, 3, 2, 10))
    assert other.number == "2026-0002"
    inc.register(flow.received(people), people.clerk, flow.registration(doc_number="示交发〔2026〕13号"),
                 scans=[flow.pdf()], at=at(2026, 3, 2, 10))
    assert IncomingDocument.objects.filter(number_key="示交发〔2026〕12号").count() == 2


def test_dates_copies_and_required_items(people, city):
    doc = flow.received(people)
    _register_refused(people, doc, r"成文日期 2026-03-05 晚于今天（2026-03-02），请核对来文落款日期",
                      written_on=date(2026, 3, 5))
    _register_refused(people, doc, r"收文日期 2026-03-03 晚于今天", received_on=date(2026, 3, 3))
    _register_refused(people, doc, r"成文日期 2026-03-02 晚于收文日期 2026-03-01", written_on=date(2026, 3, 2),
                      received_on=date(2026, 3, 1))
    _register_refused(people, doc, "请填写成文日期", written_on=None)
    _register_refused(people, doc, "份数须在 1 到 999 之间", copies=0)
    _register_refused(people, doc, "请填写标题", title=" ")
    _register_refused(people, doc, "请填写发文机关", issuer="")
    _register_refused(people, doc, "发文字号“示交发”中没有序号", doc_number="示交发")
    exc = _register_refused(people, doc, "请填写标题", title="", written_on=date(2026, 4, 1), copies=-1)
    assert len(exc.details) == 3  # every problem at once
    with pytest.raises(UserError, match="收文日期 2026-03-03 晚于今天"):
        inc.receive(people.clerk, issuer="示例市水利局", title="关于防汛的报告", received_on=date(2026, 3, 3),
                    at=at(2026, 3, 2))
    with pytest.raises(UserError, match="份数须为整数"):
        inc.receive(people.clerk, issuer="示例市水利局", title="关于防汛的报告", copies="两", at=at(2026, 3, 2))


def test_classified_documents_are_not_registered_on_this_network(people, city, settings):
    doc = flow.received(people)
    for level, label in (("secret", "秘密"), ("confidential", "机密"), ("top_secret", "绝密")):
        _register_refused(people, doc, f"{label}级公文属于国家秘密，不得在非涉密信息系统中登记", secrecy=level)
    settings.ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED = True  # a deployment on a classified network
    inc.register(doc, people.clerk, flow.registration(secrecy="secret"), scans=[flow.pdf()], at=at(2026, 3, 2, 10))
    assert doc.secrecy == "secret"


@pytest.mark.parametrize("name,data,says", [
    ("来文.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode", "不是PDF文件（可能是改了扩展名的其他文件）"),
    ("来文.pdf", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "不是PDF文件"),
    ("来文.pdf", flow.PDF[:40], "文件已损坏或不完整：来文.pdf"),
    ("扫描.jpg", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是JPEG 图片文件"),
    ("扫描.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, "文件已损坏或不完整"),
    ("扫描.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, "文件已损坏或不完整"),
    ("电子公文.ofd", b"PK\x03\x04 not really a zip", "文件已损坏或不完整：电子公文.ofd"),
    ("来文.docx", b"PK\x03\x04", "扫描件只能是 PDF、OFD 或图片"),
    ("来文.exe", b"MZ", "不支持的附件类型：来文.exe"),
    ("来文.pdf", b"", "附件为空文件"),
])
def test_a_corrupt_or_disguised_scan_is_refused(people, city, name, data, says):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    _register_refused(people, flow.received(people), says, scans=[upload])


def test_a_scan_over_the_limit_is_refused(people, city, settings):
    settings.ZHONGSHU_ATTACHMENT_MAX_MB = 1
    big = flow.pdf("大扫描件.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF\n")
    _register_refused(people, flow.received(people), r"附件过大：大扫描件.pdf（1.0 MB，上限 1 MB）", scans=[big])


def test_a_scan_is_required_and_good_ones_pass(people, city):
    _register_refused(people, flow.received(people), "请上传来文的扫描件或电子文件", scans=[])
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", "<ofd:OFD/>")
    scans = [flow.pdf(), SimpleUploadedFile("电子公文.ofd", buffer.getvalue()),
             SimpleUploadedFile("第2页.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IEND\xaeB`\x82"),
             SimpleUploadedFile("第3页.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20 + b"\xff\xd9"),
             SimpleUploadedFile("第4页.tif", b"II*\x00" + b"\x00" * 20)]
    doc = inc.register(flow.received(people), people.clerk, flow.registration(), scans=scans, at=at(2026, 3, 2, 10))
    assert Attachment.objects.filter(object_id=doc.pk, purpose="scan").count() == 5


def test_one_bad_scan_among_good_ones_stores_none(people, city):
    scans = [flow.pdf(), flow.pdf("坏.pdf", b"%PDF-1.4 cut off")]
    _register_refused(people, flow.received(people), "坏.pdf", scans=scans)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clerks_registering_the_same_number_at_once_register_it_once(city, make_user, settings):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本就串行")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clerks = [make_user("doc_clerk", city.office, full_name=f"文秘{i}") for i in range(4)]
    docs = [inc.receive(c, issuer="示例市交通运输局", title="关于某事的请示", received_on=date(2026, 3, 2),
                        at=at(2026, 3, 2)) for c in clerks]
    barrier, outcomes = threading.Barrier(4), []

    def go(clerk, doc):
        try:
            barrier.wait()
            inc.register(doc, clerk, flow.registration(), scans=[flow.pdf()], at=at(2026, 3, 2, 10))
            outcomes.append("ok")
        except UserError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=pair) for pair in zip(clerks, docs, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == ["duplicate"] * 3 + ["ok"]
    assert IncomingDocument.objects.filter(state="registered").count() == 1
    assert IncomingDocument.objects.filter(state="received").count() == 3
