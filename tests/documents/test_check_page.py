"""The 拟稿检查 page and API: paste or upload (.docx, .txt), refusals of files that are not what
they say, the 三员 kept out, nothing stored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents.models import EmptyPhrase

pytestmark = pytest.mark.django_db
DRAFTS = Path(__file__).parent / "drafts"
URL = "/documents/check/"


@pytest.fixture
def clerk(client, city, make_user):
    user = make_user("supervisor", city.office, full_name="李文秘")
    client.force_login(user)
    return user


def docx_of(text: str) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def page(r):
    assert r.status_code == 200, r.content.decode()[:300]
    return r.content.decode()


def test_pasted_draft_is_checked_with_places(client, clerk):
    before = EmptyPhrase.objects.count()
    html = page(client.post(URL, {"kind": "report", "text": (DRAFTS / "bad_report.txt").read_text(encoding="utf-8")}))
    assert "报告中夹带请示事项" in html and "第 7 行" in html and "须修改" in html
    assert "日期编虚位" in html and "2026年4月8日" in html
    assert "套话过多" in html and "在各级各部门的共同努力下" in html
    assert EmptyPhrase.objects.count() == before  # nothing stored


def test_a_good_draft_says_so(client, clerk):
    html = page(client.post(URL, {"kind": "request", "number": "示水发〔2026〕12号",
                                  "text": (DRAFTS / "good_request.txt").read_text(encoding="utf-8")}))
    assert "未发现必须修改的问题" in html and "未发现问题" in html


def test_docx_and_gb18030_text_uploads(client, clerk):
    text = (DRAFTS / "bad_request.txt").read_text(encoding="utf-8")
    up = SimpleUploadedFile("请示.docx", docx_of(text),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    html = page(client.post(URL, {"kind": "request", "file": up}))
    assert "请示主送多个机关" in html and "请示一文多事" in html
    up = SimpleUploadedFile("请示.txt", text.encode("gb18030"), content_type="text/plain")
    assert "请示主送多个机关" in page(client.post(URL, {"kind": "request", "file": up}))


@pytest.mark.parametrize("name, data, says", [
    ("程序.docx", b"MZ\x90\x00\x03" + b"\x00" * 200, "不是有效的 Word 文档"),  # a renamed executable
    ("坏.docx", docx_of("关于……的通知")[:300], "不是有效的 Word 文档"),  # cut short
    ("表格.xlsx", b"PK\x03\x04", "只能检查 .docx 或 .txt 文件"),
    ("空.txt", b"", "空文件"),  # Django's own message
])
def test_files_that_are_not_drafts_are_refused(client, clerk, name, data, says):
    html = page(client.post(URL, {"kind": "notice", "file": SimpleUploadedFile(name, data)}))
    assert says in html and "检查结果" not in html


def test_a_zip_that_is_not_a_word_document_is_refused(client, clerk):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "不是文档")
    html = page(client.post(URL, {"kind": "notice", "file": SimpleUploadedFile("伪装.docx", out.getvalue())}))
    assert "不是有效的 Word 文档" in html


def test_empty_draft(client, clerk):
    assert "文稿为空" in page(client.post(URL, {"kind": "notice", "text": "   "}))


def test_the_three_administrators_are_kept_out(client, city, make_user):
    client.force_login(make_user("sysadmin", city.office))
    r = client.get(URL)
    assert r.status_code == 403 and "不处理公文" in r.content.decode()
    r = client.post("/api/v1/documents/checks", json.dumps({"kind": "notice", "text": "关于……的通知"}),
                    content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_api(client, clerk):
    r = client.post("/api/v1/documents/checks", json.dumps({
        "kind": "request", "number": "示水发[2026]第3号", "text": (DRAFTS / "bad_request.txt").read_text(encoding="utf-8")}),
        content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is False and body["phrase_count"] == 4 and body["chars"] == 117
    codes = {f["code"] for f in body["findings"]}
    assert {"request_addressees", "number_format", "date_format"} <= codes
    r = client.post("/api/v1/documents/checks", json.dumps({"kind": "decree", "text": "x"}),
                    content_type="application/json")
    assert r.status_code == 400 and "文种不正确" in r.json()["message"]
    assert "/api/v1/documents/checks" in client.get("/api/v1/openapi.json").json()["paths"]


def test_menu_entry(client, clerk):
    assert "拟稿检查" in page(client.get("/"))
