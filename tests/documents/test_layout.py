"""排版: a checked draft laid out as a GB/T 9704 document and opened again element by element
(title, 主送机关, heading fonts, 附件说明, 署名 and 成文日期, 版头 with 签发人, 版记, page)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from paper.docx_inspect import all_paragraphs, east_asia_font, open_docx, paragraph_starting, size_pt

from zhongshu.core.errors import UserError
from zhongshu.documents.layout import paper_from_draft
from zhongshu.paper import Heading, Para

pytestmark = pytest.mark.django_db
DRAFTS = Path(__file__).parent / "drafts"
URL = "/documents/check/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft(name):
    return (DRAFTS / name).read_text(encoding="utf-8")


def test_the_draft_is_read_into_its_elements():
    paper = paper_from_draft(draft("good_notice.txt"), kind="notice", issuer="示例市人民政府办公室",
                             number="示政办发〔2026〕3号")
    assert paper.title == "示例市人民政府办公室关于做好2026年春节期间城市供水保障工作的通知"
    assert paper.addressee == "各县（市、区）人民政府，市直有关单位："
    assert paper.mark == "示例市人民政府办公室文件" and paper.number == "示政办发〔2026〕3号"
    assert paper.signature == "示例市人民政府办公室" and paper.date == date(2026, 2, 6)
    assert paper.attachments == ("春节期间供水值班表",)
    kinds = [(type(b).__name__, getattr(b, "level", None)) for b in paper.blocks]
    assert kinds == [("Para", None), ("Heading", 1), ("Heading", 2), ("Heading", 2), ("Heading", 1),
                     ("Heading", 3), ("Heading", 3)]
    second = paper.blocks[2]
    assert isinstance(second, Heading) and second.text == "（一）城区主干管网。" and second.tail.startswith("2月14日")
    assert isinstance(paper.blocks[0], Para) and paper.blocks[0].text.startswith("为保障春节期间")


def test_only_upward_documents_carry_a_signer():
    request = paper_from_draft(draft("good_request.txt"), kind="request", issuer="示例市水利局",
                               number="示水发〔2026〕12号", signer="王局长")
    assert request.signer == "王局长"
    notice = paper_from_draft(draft("good_notice.txt"), kind="notice", issuer="示例市人民政府办公室",
                              number="示政办发〔2026〕3号", signer="王局长")
    assert notice.signer is None


def test_a_date_that_cannot_be_laid_out_is_refused_with_the_reason():
    with pytest.raises(UserError, match="成文日期无法排版"):
        paper_from_draft(draft("bad_request.txt"), kind="request")
    with pytest.raises(UserError, match="未找到成文日期"):
        paper_from_draft("关于……的通知\n\n各单位：\n\n正文。\n", kind="notice")
    with pytest.raises(UserError, match="签发人时必须填写发文字号"):
        paper_from_draft(draft("good_request.txt"), kind="request", issuer="示例市水利局", signer="王局长")


@pytest.fixture
def clerk(client, city, make_user):
    client.force_login(make_user("supervisor", city.office, full_name="李文秘"))


def test_word_download_opened_again(client, clerk):
    r = client.post(URL, {"action": "docx", "kind": "request", "number": "示水发〔2026〕12号",
                          "text": draft("good_request.txt"), "issuer": "示例市水利局", "signer": "王局长",
                          "copy_to": "市财政局", "printer": "示例市水利局办公室", "print_date": "2026-03-05"})
    assert r.status_code == 200 and r["Content-Type"] == DOCX
    assert "filename*=utf-8''" in r["Content-Disposition"] and r["Content-Disposition"].endswith(".docx")
    doc = open_docx(r.content)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    mark = paragraph_starting(doc, "示例市水利局文件")
    assert east_asia_font(doc, mark) == "方正小标宋简体"
    number = next(p for p in doc.paragraphs if "示水发〔2026〕12号" in p.text)
    assert "签发人" in number.text and "王局长" in number.text
    title = paragraph_starting(doc, "示例市水利局关于拨付")
    assert east_asia_font(doc, title) == "方正小标宋简体" and size_pt(doc, title) == 22
    assert paragraph_starting(doc, "市人民政府：")
    body = paragraph_starting(doc, "人民路供水管网建于1992年")
    assert east_asia_font(doc, body) == "仿宋_GB2312" and size_pt(doc, body) == 16
    texts = [p.text.strip() for p in all_paragraphs(doc)]
    assert "妥否，请批示。" in texts and "2026年3月5日" in texts
    assert any(t.startswith("抄送：市财政局") for t in texts)
    assert any(t.startswith("示例市水利局办公室") and "2026年3月5日印发" in t for t in texts)


def test_pdf_says_plainly_when_it_cannot_be_made(client, clerk, monkeypatch):
    from zhongshu.documents import layout

    monkeypatch.setattr(layout, "soffice", lambda: None)
    html = client.get(URL).content.decode()
    assert "未安装 LibreOffice" in html
    r = client.post(URL, {"action": "pdf", "kind": "notice", "text": draft("good_notice.txt")})
    assert r.status_code == 200 and "未安装 LibreOffice" in r.content.decode() and "检查结果" in r.content.decode()


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_pdf_with_libreoffice(client, clerk):
    r = client.post(URL, {"action": "pdf", "kind": "notice", "text": draft("good_notice.txt")})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_layout_form_refusals_keep_the_draft(client, clerk):
    r = client.post(URL, {"action": "docx", "kind": "request", "text": draft("good_request.txt"),
                          "signer": "王局长", "printer": "示例市水利局办公室"})
    html = r.content.decode()
    assert r.status_code == 200 and "标注签发人时须填写发文机关标志" in html and "印发机关和印发日期须同时填写" in html
    assert "人民路供水管网建于1992年" in html  # what was typed is still there
    r = client.post(URL, {"action": "docx", "kind": "request", "text": draft("bad_request.txt")})
    assert "成文日期无法排版" in r.content.decode() and "检查结果" in r.content.decode()


# --- the GB/T 9704 form follows the 文种 ---------------------------------------------------------
def test_a_letter_is_laid_out_in_the_letter_form():
    paper = paper_from_draft(draft("good_letter.txt"), kind="letter", issuer="示例市人民政府办公室",
                             number="示政办函〔2026〕5号", copy_to="市财政局", printer="示例市人民政府办公室",
                             print_date=date(2026, 3, 6), signer="王局长")
    assert paper.form == "letter" and paper.mark == "示例市人民政府办公室"       # no “文件”
    assert paper.number == "示政办函〔2026〕5号" and paper.signer is None
    assert paper.copy_to == "市财政局" and paper.printer is None and paper.print_date is None   # §10.1


def test_minutes_are_laid_out_in_the_minutes_form_with_the_issue_and_the_lists():
    paper = paper_from_draft(draft("good_minutes.txt"), kind="minutes", issuer="示例市人民政府常务会议",
                             issue="第12期", number="示政办发〔2026〕3号", signer="王局长")
    assert paper.form == "minutes" and paper.mark == "示例市人民政府常务会议纪要" and paper.number == "第12期"
    assert paper.attendees == "张明、李强、王芳、赵军、钱伟、孙丽"
    assert (paper.absentees, paper.observers) == ("周涛（出差）", "市发展改革委、市财政局、市水利局负责同志")
    assert not [b for b in paper.blocks if getattr(b, "text", "").startswith(("出席", "请假", "列席"))]
    assert paper.signature == "示例市人民政府办公室" and paper.date == date(2026, 3, 5) and paper.signer is None
    assert paper.addressee is None                               # “……现纪要如下：” is body text, indented
    assert isinstance(paper.blocks[0], Para) and paper.blocks[0].text.endswith("现纪要如下：")
    again = paper_from_draft(draft("good_minutes.txt"), kind="minutes", issuer="示例市人民政府常务会议纪要")
    assert again.mark == "示例市人民政府常务会议纪要" and again.number is None


@pytest.mark.parametrize("kind, name", [("notice", "good_notice.txt"), ("bulletin", "good_notice.txt"),
                                        ("request", "good_request.txt"), ("report", "good_report.txt")])
def test_the_other_kinds_are_laid_out_in_the_document_form(kind, name):
    paper = paper_from_draft(draft(name), kind=kind, issuer="示例市人民政府办公室", number="示政办发〔2026〕3号")
    assert paper.form == "document" and paper.mark == "示例市人民政府办公室文件"


@pytest.mark.parametrize("kind, name", [("letter", "good_letter.txt"), ("minutes", "good_minutes.txt")])
def test_without_an_issuer_every_kind_lays_out_plain(kind, name):
    """签发's check lays the draft out before any 版头 is known: it must not fail for a 函 or 纪要."""
    paper = paper_from_draft(draft(name), kind=kind)
    assert paper.form == "document" and paper.mark is None


def _shape_names(doc):
    from paper.docx_inspect import anchored_shapes

    return [s["name"] for s in anchored_shapes(doc)]


def test_check_page_lays_a_letter_out_as_a_letter(client, clerk):
    html = client.get(URL).content.decode()
    assert "函用信函格式" in html and 'name="issue"' in html
    r = client.post(URL, {"action": "docx", "kind": "letter", "number": "示政办函〔2026〕5号",
                          "text": draft("good_letter.txt"), "issuer": "示例市人民政府办公室", "copy_to": "市财政局",
                          "printer": "示例市人民政府办公室", "print_date": "2026-03-06"})
    assert r.status_code == 200 and r["Content-Type"] == DOCX
    doc = open_docx(r.content)
    assert _shape_names(doc) == ["发文机关标志", "版头双线（粗）", "版头双线（细）", "页脚双线（细）", "页脚双线（粗）"]
    assert doc.sections[0].different_first_page_header_footer is True        # 首页不显示页码
    texts = [p.text for p in all_paragraphs(doc)]
    assert texts[0] == "示政办函〔2026〕5号" and "抄送：市财政局。" in texts
    assert not [t for t in texts if t.endswith("印发") or "文件" in t]
    assert "2026年3月6日" in texts


def test_check_page_lays_minutes_out_as_minutes(client, clerk):
    r = client.post(URL, {"action": "docx", "kind": "minutes", "text": draft("good_minutes.txt"),
                          "issuer": "示例市人民政府常务会议", "issue": "第12期",
                          "printer": "示例市人民政府办公室", "print_date": "2026-03-06"})
    assert r.status_code == 200 and r["Content-Type"] == DOCX
    doc = open_docx(r.content)
    texts = [p.text for p in all_paragraphs(doc)]
    assert texts[:3] == ["示例市人民政府常务会议纪要", "第12期", "\t示例市人民政府办公室\t2026年3月5日"]
    assert [t[:3] for t in texts if t[:2] in ("出席", "请假", "列席")] == ["出席：", "请假：", "列席："]
    assert not [p for p in doc.paragraphs if p.style.name in ("发文机关署名", "成文日期")]   # no 署名 after the body
    assert [t for t in texts if t][-1] == "示例市人民政府办公室\t2026年3月6日印发"
    assert _shape_names(doc) == []


def test_check_page_lays_a_bulletin_out_in_the_document_form(client, clerk):
    r = client.post(URL, {"action": "docx", "kind": "bulletin", "text": draft("good_notice.txt"),
                          "issuer": "示例市人民政府办公室", "number": "示政办发〔2026〕3号"})
    doc = open_docx(r.content)
    assert doc.paragraphs[0].text == "示例市人民政府办公室文件" and _shape_names(doc) == []
    assert doc.sections[0].different_first_page_header_footer is False


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind, name, extra", [
    ("letter", "good_letter.txt", {"issuer": "示例市人民政府办公室", "number": "示政办函〔2026〕5号"}),
    ("minutes", "good_minutes.txt", {"issuer": "示例市人民政府常务会议", "issue": "第12期"}),
])
def test_pdf_of_a_letter_and_of_minutes(client, clerk, kind, name, extra):
    from paper.pdf_inspect import pages

    r = client.post(URL, {"action": "pdf", "kind": kind, "text": draft(name), **extra})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    first = pages(r.content)[0]
    if kind == "letter":
        assert len(first.red("fill")) == 4                      # the two red double lines
        assert not [t for t in first.texts if t.size_pt == 14 and t.baseline > 262]   # no page number
    else:
        line = first.red("stroke")[0]
        assert (line.left, line.right) == (pytest.approx(28, abs=0.2), pytest.approx(184, abs=0.2))
