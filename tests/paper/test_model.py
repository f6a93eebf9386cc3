"""Paper content is checked when it is built, with Chinese messages for users."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zhongshu.paper import Heading, Paper, PaperError, Para, Table, zh_date


@pytest.mark.parametrize("d, text", [
    (date(2026, 3, 5), "2026年3月5日"),
    (date(2026, 1, 1), "2026年1月1日"),
    (date(2026, 12, 31), "2026年12月31日"),
    (date(2026, 10, 9), "2026年10月9日"),
])
def test_zh_date_has_arabic_numerals_without_zero_padding(d, text):
    assert zh_date(d) == text


def test_zh_date_rejects_strings():
    with pytest.raises(PaperError, match="日期必须是 date 类型"):
        zh_date("2026-03-05")


@pytest.mark.parametrize("title", ["", "   ", None])
def test_title_is_required(title):
    with pytest.raises(PaperError, match="公文标题") as caught:
        Paper(title=title)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("field", ["date", "print_date"])
def test_dates_must_be_date_objects(field):
    extra = {"printer": "示例市人民政府办公室"} if field == "print_date" else {}
    with pytest.raises(PaperError, match="必须是 date 类型"):
        Paper(title="标题", **{field: "2026年3月5日"}, **extra)


def test_a_datetime_is_a_date():
    assert Paper(title="标题", date=datetime(2026, 3, 5, 9, 30)).date.day == 5


def test_text_fields_are_stripped_and_blank_ones_dropped():
    paper = Paper(title="  标题 ", addressee="  ", signature=" 示例市人民政府办公室 ")
    assert (paper.title, paper.addressee, paper.signature) == ("标题", None, "示例市人民政府办公室")


@pytest.mark.parametrize("fields, message", [
    ({"printer": "示例市人民政府办公室"}, "印发机关和印发日期必须同时填写"),
    ({"print_date": date(2026, 3, 5)}, "印发机关和印发日期必须同时填写"),
    ({"issuer": "示例市人民政府", "signer": "张三"}, "标注签发人时必须填写发文字号"),
    ({"number": "示政〔2026〕1号"}, "必须同时填写发文机关标志"),
    ({"issuer_suffix": "文件"}, "必须填写发文机关标志"),
    ({"blocks": [42]}, "正文中不能包含 int"),
    ({"attachments": "台账"}, "附件必须是名称列表"),
    ({"attachments": ["台账", " "]}, "附件名称不能为空"),
    ({"sealed": "yes"}, "sealed"),
])
def test_inconsistent_papers_are_refused(fields, message):
    with pytest.raises(PaperError, match=message):
        Paper(title="标题", **fields)


def test_strings_in_blocks_are_paragraphs():
    paper = Paper(title="标题", blocks=["正文。", Heading(1, "一、总体情况")])
    assert paper.blocks == (Para("正文。"), Heading(1, "一、总体情况"))


def test_attachment_names_lose_trailing_punctuation():
    assert Paper(title="标题", attachments=["督查事项台账。", "清单；"]).attachments == ("督查事项台账", "清单")


def test_mark_joins_issuer_and_suffix():
    assert Paper(title="标题", issuer="示例市人民政府", issuer_suffix="文件").mark == "示例市人民政府文件"
    assert Paper(title="标题").mark is None


@pytest.mark.parametrize("level", [0, 5, "1"])
def test_heading_levels_are_one_to_four(level):
    with pytest.raises(PaperError, match="标题层次必须是 1 至 4"):
        Heading(level, "一、总体情况")


def test_paragraph_alignment_is_checked():
    with pytest.raises(PaperError, match="对齐方式"):
        Para("正文", align="middle")


@pytest.mark.parametrize("kwargs, message", [
    ({"header": []}, "表格必须有表头"),
    ({"header": ["单位", "总数"], "rows": [["市交通局"]]}, "表格第1行有1列，表头有2列"),
    ({"header": ["单位", "总数"], "col_widths_mm": [50]}, "列宽"),
    ({"header": ["单位", "总数"], "col_widths_mm": [50, 0]}, "列宽"),
    ({"header": ["单位"], "font_size_pt": 30}, "表格字号"),
])
def test_tables_are_checked(kwargs, message):
    with pytest.raises(PaperError, match=message):
        Table(**kwargs)


def test_papers_are_immutable():
    paper = Paper(title="标题")
    with pytest.raises(AttributeError):
        paper.title = "别的标题"


def test_the_form_is_the_document_form_unless_told():
    assert Paper(title="标题").form == "document"
    assert Paper(title="标题", form="letter", issuer="示例市人民政府办公室").form == "letter"
    minutes = Paper(title="标题", form="minutes", issuer="示例市人民政府常务会议纪要", attendees="张三、李四")
    assert minutes.attendees == "张三、李四"


@pytest.mark.parametrize("form", ["memo", "", None, "Letter"])
def test_an_unknown_form_is_refused_in_chinese(form):
    with pytest.raises(PaperError, match="公文格式.*无效，可用：document（文件格式）、letter（信函格式）、minutes（纪要格式）"):
        Paper(title="标题", form=form)


def test_attendance_lists_belong_to_minutes_only():
    with pytest.raises(PaperError, match="只用于纪要格式"):
        Paper(title="标题", attendees="张三")
    paper = Paper(title="标题", form="minutes", issuer="示例市人民政府常务会议纪要", attendees=" 张三 ",
                  absentees="  ", observers="王五")
    assert (paper.attendees, paper.absentees, paper.observers) == ("张三", None, "王五")


def test_a_letter_mark_has_no_suffix():
    with pytest.raises(PaperError, match="不加“文件”等后缀"):
        Paper(title="标题", form="letter", issuer="示例市人民政府办公室", issuer_suffix="文件")


@pytest.mark.parametrize("form, fields, message", [
    ("letter", {}, "信函格式必须填写发文机关标志"),
    ("minutes", {}, "纪要格式必须填写发文机关标志（如“示例市人民政府常务会议纪要”）"),
    ("letter", {"issuer": "示例市人民政府办公室", "number": "示政办函〔2026〕5号", "signer": "张三"},
     "信函格式不标注签发人"),
    ("minutes", {"issuer": "示例市人民政府常务会议纪要", "number": "第12期", "signer": "张三"}, "纪要格式不标注签发人"),
    ("letter", {"issuer": "示例市人民政府办公室", "printer": "示例市人民政府办公室", "print_date": date(2026, 3, 5)},
     "信函格式的版记不加印发机关和印发日期"),
])
def test_letters_and_minutes_refuse_what_their_form_has_no_place_for(form, fields, message):
    with pytest.raises(PaperError, match=message):
        Paper(title="标题", form=form, **fields)


def test_minutes_keep_the_usual_imprint():
    paper = Paper(title="标题", form="minutes", issuer="示例市人民政府常务会议纪要", number="第12期",
                  printer="示例市人民政府办公室", print_date=date(2026, 3, 6))
    assert (paper.number, paper.printer) == ("第12期", "示例市人民政府办公室")


@pytest.mark.parametrize("copy_no", ["00001a", "０００００１", "No.1", "123456789"])
def test_a_copy_number_is_arabic_digits(copy_no):
    with pytest.raises(PaperError, match="份号应为阿拉伯数字"):
        Paper(title="标题", copy_no=copy_no)


def test_a_copy_number_is_kept_as_written():
    assert Paper(title="标题", copy_no=" 000001 ").copy_no == "000001"
