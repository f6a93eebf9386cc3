"""拟稿检查 on drafts written for the tests (tests/documents/drafts/): the good ones pass with
nothing to change, each bad one gets exactly the problems it has, at the right places."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhongshu.documents import drafts
from zhongshu.documents.checks import check_draft
from zhongshu.documents.models import EmptyPhrase

pytestmark = pytest.mark.django_db
DRAFTS = Path(__file__).parent / "drafts"


def report_of(name, kind, **kw):
    return drafts.check((DRAFTS / name).read_text(encoding="utf-8"), kind=kind, **kw)


def codes(report, severity=None):
    return {f.code for f in report.findings if severity is None or f.severity == severity}


@pytest.mark.parametrize("name, kind", [("good_notice.txt", "notice"), ("good_request.txt", "request"),
                                        ("good_report.txt", "report"), ("good_letter.txt", "letter")])
def test_good_drafts_pass(name, kind):
    report = report_of(name, kind, number="示政办发〔2026〕3号")
    assert report.ok and report.findings == [], [f.as_dict() for f in report.findings]
    assert 0 < report.chars < 5000


def test_a_bad_request_gets_every_problem_it_has():
    report = report_of("bad_request.txt", "request")
    assert codes(report, "error") == {"title_kind", "mixed_kind", "request_addressees", "missing_closing",
                                      "date_format"}
    assert codes(report, "warning") == {"request_several", "empty_phrase", "phrase_density"}
    by = {f.code: f for f in report.findings}
    assert by["request_addressees"].line == 3 and "2 个" in by["request_addressees"].reason
    assert by["request_several"].line == 7 and "2 处" in by["request_several"].reason
    assert "二〇二六年三月五日" in by["date_format"].excerpt and by["date_format"].line == 10
    assert by["title_kind"].line == 1 and "报告" in by["title_kind"].reason
    assert by["missing_closing"].line == 10  # the end of the draft: its last line
    phrases = sorted(f.excerpt for f in report.findings if f.code == "empty_phrase")
    assert len(phrases) == 4 and report.phrase_count == 4
    assert report.phrase_density > 3


def test_a_report_that_asks_for_approval_and_pads_its_date():
    report = report_of("bad_report.txt", "report")
    assert codes(report, "error") == {"report_asks", "date_padding"}
    ask = next(f for f in report.findings if f.code == "report_asks")
    text = (DRAFTS / "bad_report.txt").read_text(encoding="utf-8")
    assert text[ask.start:ask.end] == "请批准" and ask.line == 7
    padding = next(f for f in report.findings if f.code == "date_padding")
    assert "2026年4月8日" in padding.reason
    assert {f.excerpt.strip("…").split()[0] for f in report.findings if f.code == "empty_phrase"}
    assert report.phrase_count == 6


def test_a_notice_with_a_wrong_number_and_no_addressee_or_signature():
    report = report_of("bad_notice.txt", "notice", number="示政办发(2026)003号")
    found = {f.code for f in report.findings}
    assert {"missing_addressee", "missing_signature", "number_format", "date_format", "empty_phrase"} <= found
    numbers = [f for f in report.findings if f.code == "number_format"]
    in_text = next(f for f in numbers if f.line == 3)
    assert "六角括号" in in_text.reason and "第" in in_text.reason and "5号" in in_text.reason
    given = next(f for f in numbers if f.reason.startswith("示政办发(2026)003号"))
    assert given.line == 0 and "〔2026〕" in given.reason and "3号" in given.reason  # the field, not the text
    assert next(f for f in report.findings if f.code == "phrase_density").line == 0


def test_wrong_type_in_the_title_and_missing_closing_of_a_letter():
    text = (DRAFTS / "good_letter.txt").read_text(encoding="utf-8").replace("特此函告。", "")
    report = drafts.check(text, kind="letter")
    assert codes(report) == {"missing_closing"}
    report = drafts.check((DRAFTS / "good_notice.txt").read_text(encoding="utf-8"), kind="report")
    title = next(f for f in report.findings if f.code == "title_kind")
    assert "通知" in title.reason and "报告" in title.reason


def test_length_against_the_setting(settings):
    settings.ZHONGSHU_DOCUMENTS_MAX_CHARS = 100
    report = report_of("good_request.txt", "request")
    long = next(f for f in report.findings if f.code == "too_long")
    assert f"全文 {report.chars} 字" in long.reason and "100 字" in long.reason and report.ok  # a warning


def test_the_phrase_list_is_editable():
    text = (DRAFTS / "good_report.txt").read_text(encoding="utf-8")
    assert "empty_phrase" not in codes(drafts.check(text, kind="report"))
    EmptyPhrase.objects.create(phrase="下一步")
    found = [f for f in drafts.check(text, kind="report").findings if f.code == "empty_phrase"]
    assert len(found) == 1 and "下一步" in found[0].reason
    EmptyPhrase.objects.filter(phrase="高度重视").update(active=False)
    bad = drafts.check((DRAFTS / "bad_report.txt").read_text(encoding="utf-8"), kind="report")
    assert "高度重视" not in " ".join(f.reason for f in bad.findings)


def test_dates_and_numbers_in_every_wrong_form():
    cases = {"2026年03月05日": "date_padding", "2026年3月05日": "date_padding", "2026-3-5": "date_format",
             "2026/03/05": "date_format", "二〇二六年三月五日": "date_format"}
    for written, code in cases.items():
        found = check_draft(f"通知\n{written}\n", kind="minutes").findings
        assert code in {f.code for f in found}, written
    assert not [f for f in check_draft("通知\n2026年3月5日\n", kind="minutes").findings if f.code.startswith("date")]
    for number in ("示政发[2026]3号", "示政发【2026】3号", "示政发（2026）3号", "示政发〔2026〕第3号", "示政发〔2026〕03号"):
        assert "number_format" in {f.code for f in check_draft(f"通知\n见{number}文件\n", kind="minutes").findings}, number
    assert not [f for f in check_draft("通知\n见示政发〔2026〕3号文件，人民路2026号\n", kind="minutes").findings
                if f.code == "number_format"]


def test_bad_input_is_refused_in_chinese():
    from zhongshu.core.errors import UserError

    with pytest.raises(UserError, match="文稿为空"):
        drafts.check("  \n ", kind="notice")
    with pytest.raises(UserError, match="文种不正确"):
        drafts.check("关于……的通知", kind="decree")
    with pytest.raises(UserError, match="文稿过长"):
        drafts.check("字" * 200_001, kind="notice")
