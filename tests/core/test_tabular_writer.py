"""The streaming writer: files are written, reopened with openpyxl and inspected."""

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest

from zhongshu.core.tabular import (
    XLSX_CONTENT_TYPE,
    Column,
    Field,
    Sheet,
    read_xlsx,
    write_xlsx,
    xlsx_response,
)
from zhongshu.core.tabular.writer import sheet_name

COLUMNS = [Column("序号", width=6, kind="int"), Column("事项", width=40, wrap=True),
           Column("完成时限", width=14, kind="date"), Column("进度", width=8, kind="percent"),
           Column("牵头单位")]
ROWS = [
    (1, "推进老旧小区改造", date(2026, 6, 30), 60, "市住建局"),
    (2, "=HYPERLINK(\"http://evil\",\"点我\")", datetime(2026, 6, 30, 20, 0, tzinfo=UTC), 100, None),
    (3.0, "=1+1", None, None, "@SUM(A1)"),
]
TITLE = "2026年督查事项台账（截至2026年3月31日）"


def three_sheets(tmp_path):
    path = tmp_path / "台账.xlsx"
    counts = write_xlsx(path, [
        Sheet("台账", COLUMNS, iter(ROWS), title=TITLE),
        Sheet("统计", [Column("单位"), Column("数量", kind="int"), Column("金额", kind="number")],
              [("市住建局", 3, Decimal("12.50")), ("市交通局", 0, 7.25)], landscape=False),
        Sheet("空表", COLUMNS, []),
    ])
    assert counts == [3, 2, 0]
    return path


def test_three_sheets_layout(tmp_path):
    wb = openpyxl.load_workbook(three_sheets(tmp_path))
    assert wb.sheetnames == ["台账", "统计", "空表"]
    ws = wb["台账"]
    assert ws["A1"].value == TITLE and ws["A1"].font.b and ws["A1"].font.sz == 16
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    header = ws[2]
    assert [c.value for c in header] == ["序号", "事项", "完成时限", "进度", "牵头单位"]
    assert all(c.font.b for c in header)
    assert all(c.fill.fgColor.rgb == "00DDEBF7" and c.fill.fill_type == "solid" for c in header)
    assert all(c.border.left.style == c.border.bottom.style == "thin" for c in header)
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:E5"
    assert ws.print_title_rows == "$2:$2"
    assert [ws.column_dimensions[x].width for x in "ABCD"] == [6, 40, 14, 8]
    assert ws.column_dimensions["E"].width == 12  # 牵头单位: 4 CJK characters → 8 units + 4
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"

    second = wb["统计"]
    assert second.page_setup.orientation == "portrait"
    assert second.freeze_panes == "A2" and second.auto_filter.ref == "A1:C3" and second.print_title_rows == "$1:$1"
    assert [[c.value for c in row] for row in second.iter_rows(min_row=2)] == [["市住建局", 3, 12.5],
                                                                              ["市交通局", 0, 7.25]]
    assert second["C2"].number_format == "0.00"
    empty = wb["空表"]
    assert empty.max_row == 1 and empty.auto_filter.ref == "A1:E1"


def test_cell_values_and_formats(tmp_path):
    ws = openpyxl.load_workbook(three_sheets(tmp_path))["台账"]
    first, second, third = ws[3], ws[4], ws[5]
    assert first[0].value == 1 and first[0].number_format == "0" and first[0].data_type == "n"
    assert first[2].value == datetime(2026, 6, 30) and first[2].is_date and first[2].number_format == "yyyy-mm-dd"
    assert second[2].value == datetime(2026, 7, 1)  # 20:00 UTC is 04:00 on July 1 in Shanghai
    assert first[3].value == 0.6 and first[3].number_format == "0%"
    assert second[3].value == 1
    assert third[0].value == 3
    assert third[2].value is None and third[2].border.left.style == "thin"  # empty but framed
    assert first[1].alignment.wrap_text and not first[4].alignment.wrap_text
    assert all(c.border.top.style == "thin" for c in first)


def test_strings_that_look_like_formulas_stay_text(tmp_path):
    path = three_sheets(tmp_path)
    ws = openpyxl.load_workbook(path)["台账"]  # data_only=False: a formula would read as "=..." of type f
    assert ws["B4"].value == "=HYPERLINK(\"http://evil\",\"点我\")" and ws["B4"].data_type == "s"
    assert ws["B5"].value == "=1+1" and ws["B5"].data_type == "s" and ws["B5"].quotePrefix
    assert ws["E5"].value == "@SUM(A1)" and ws["E5"].data_type == "s"
    assert not ws["B3"].quotePrefix
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_header_and_title_formula_text_stays_text(tmp_path):
    path = tmp_path / "h.xlsx"
    write_xlsx(path, [Sheet("s", [Column("=cmd")], [], title="=title")])
    ws = openpyxl.load_workbook(path)["s"]
    assert (ws["A1"].data_type, ws["A2"].data_type) == ("s", "s")


def test_text_column_conversions(tmp_path):
    path = tmp_path / "t.xlsx"
    rows = [(["市财政局", "东城区"], True, 2026001, date(2026, 6, 30), "控制\x01字符\x1f被删"), ("x" * 40000, False, 1.5, None, "")]
    write_xlsx(path, [Sheet("s", [Column(h) for h in "ABCDE"], rows)])
    ws = openpyxl.load_workbook(path)["s"]
    assert [c.value for c in ws[2]] == ["市财政局、东城区", "是", "2026001", "2026-06-30", "控制字符被删"]
    assert len(ws["A3"].value) == 32767 and ws["A3"].value.endswith("…")
    assert ws["B3"].value == "否" and ws["C3"].value == "1.5"


def test_nan_becomes_an_empty_cell(tmp_path):
    path = tmp_path / "n.xlsx"
    write_xlsx(path, [Sheet("s", [Column("数", kind="number"), Column("比", kind="percent")],
                            [(float("nan"), float("inf")), (1.25, 12.5)])])
    ws = openpyxl.load_workbook(path)["s"]
    assert [c.value for c in ws[2]] == [None, None] and [c.value for c in ws[3]] == [1.25, 0.125]


def test_datetime_column(tmp_path):
    path = tmp_path / "d.xlsx"
    write_xlsx(path, [Sheet("s", [Column("受理时间", kind="datetime")],
                            [(datetime(2026, 3, 1, 1, 30, tzinfo=UTC),), (date(2026, 3, 2),)])])
    ws = openpyxl.load_workbook(path)["s"]
    assert ws["A2"].value == datetime(2026, 3, 1, 9, 30) and ws["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["A3"].value == datetime(2026, 3, 2)


@pytest.mark.parametrize("column, value", [
    (Column("序号", kind="int"), 12.5), (Column("序号", kind="int"), True), (Column("序号", kind="int"), "12"),
    (Column("时限", kind="date"), "2026-06-30"), (Column("进度", kind="percent"), "50%"),
    (Column("时间", kind="datetime"), 46203),
])
def test_wrong_value_for_the_kind_is_a_programming_error(tmp_path, column, value):
    with pytest.raises(TypeError, match=column.header):
        write_xlsx(tmp_path / "x.xlsx", [Sheet("s", [column], [(value,)])])


def test_row_length_must_match_the_columns(tmp_path):
    with pytest.raises(ValueError, match="data row 2: 1 values for 2 columns"):
        write_xlsx(tmp_path / "x.xlsx", [Sheet("s", [Column("a"), Column("b")], [("1", "2"), ("1",)])])
    assert not (tmp_path / "x.xlsx").exists()


def test_a_failed_write_leaves_no_temporary_files(tmp_path):
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = list(ALL_TEMP_FILES)

    def rows():
        yield (1,)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_xlsx(tmp_path / "x.xlsx", [Sheet("a", [Column("n", kind="int")], [(1,)]),
                                         Sheet("b", [Column("n", kind="int")], rows())])
    assert ALL_TEMP_FILES == before


def test_definition_mistakes():
    with pytest.raises(ValueError):
        Column("a", kind="money")
    with pytest.raises(ValueError):
        Column("a", align="middle")
    with pytest.raises(ValueError):
        write_xlsx(io.BytesIO(), [])
    with pytest.raises(ValueError):
        write_xlsx(io.BytesIO(), [Sheet("s", [], [])])


@pytest.mark.parametrize("names, expected", [
    (["台账[2026]:1*2?/3\\4"], ["台账_2026__1_2__3_4"]),
    (["'引号'"], ["引号"]),
    (["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"], ["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"]),
    (["台账", "台账", "TAI", "tai"], ["台账", "台账(2)", "TAI", "tai(2)"]),
    (["History", "", "   "], ["History_", "Sheet", "Sheet(2)"]),
    (["😀" * 20], ["😀" * 15]),
])
def test_sheet_names(names, expected):
    taken = set()
    assert [sheet_name(n, taken) for n in names] == expected
    assert all(len(n.encode("utf-16-le")) // 2 <= 31 for n in expected)


def test_long_duplicate_sheet_names_still_fit(tmp_path):
    long = "督查事项台账" * 10
    path = tmp_path / "s.xlsx"
    write_xlsx(path, [Sheet(long, [Column("a")], []), Sheet(long, [Column("a")], [])])
    names = openpyxl.load_workbook(path).sheetnames
    assert names[0] == long[:31] and names[1] == long[:28] + "(2)"


def test_xlsx_response_downloads_with_a_chinese_filename(db):  # closing a response touches the db
    response = xlsx_response("督查事项台账.xlsx", [Sheet("台账", COLUMNS, ROWS, title=TITLE)])
    try:
        assert response["Content-Type"] == XLSX_CONTENT_TYPE
        assert response["Content-Disposition"] == (
            "attachment; filename=\"download.xlsx\"; filename*=UTF-8''"
            "%E7%9D%A3%E6%9F%A5%E4%BA%8B%E9%A1%B9%E5%8F%B0%E8%B4%A6.xlsx")
        assert quote("督查事项台账.xlsx") in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
        assert int(response["Content-Length"]) == len(body)
        ws = openpyxl.load_workbook(io.BytesIO(body))["台账"]
        assert ws["B3"].value == "推进老旧小区改造"
    finally:
        response.close()


@pytest.mark.parametrize("name, disposition", [
    ("ledger.xlsx", "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''ledger.xlsx"),
    ("../../etc/台账", "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx"),
    ("a\"b\r\n.xlsx", "attachment; filename=\"a_b__.xlsx\"; filename*=UTF-8''a_b__.xlsx"),
    ("", "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E5%AF%BC%E5%87%BA.xlsx"),
])
def test_content_disposition_is_safe(name, disposition):
    from zhongshu.core.tabular import content_disposition

    assert content_disposition(name) == disposition


def test_export_then_import_round_trip(tmp_path):
    path = tmp_path / "round.xlsx"
    write_xlsx(path, [Sheet("台账", COLUMNS, ROWS, title=TITLE)])
    fields = [Field("seq", "序号", kind="int", ignore_for_emptiness=True), Field("title", "事项", required=True),
              Field("deadline", "完成时限", kind="date"), Field("lead", "牵头单位")]
    result = read_xlsx(path, fields)
    assert result.ok, result.error_report()
    assert [r.values for r in result.rows] == [
        {"seq": 1, "title": "推进老旧小区改造", "deadline": date(2026, 6, 30), "lead": "市住建局"},
        {"seq": 2, "title": "=HYPERLINK(\"http://evil\",\"点我\")", "deadline": date(2026, 7, 1), "lead": None},
        {"seq": 3, "title": "=1+1", "deadline": None, "lead": "@SUM(A1)"},
    ]
    assert result.warnings == ["已忽略未识别的列：进度"]


def test_streaming_100000_rows(tmp_path):
    path = tmp_path / "big.xlsx"
    columns = [Column("序号", kind="int"), Column("事项"), Column("完成时限", kind="date")]
    rows = ((i, f"事项{i}", date(2026, 6, 30)) for i in range(1, 100_001))
    assert write_xlsx(path, [Sheet("台账", columns, rows)]) == [100_000]
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert xml.count(b"<row ") == 100_001  # header + every data row, none lost or repeated
    last = xml[xml.index(b'<row r="100001"'):]
    text = "事项100000"
    assert b"<v>100000</v>" in last
    assert text.encode() in last or text.encode("ascii", "xmlcharrefreplace") in last  # lxml writes &#20107;…
    assert b"<v>46203</v>" in last  # 2026-06-30 as a date serial
    assert b'<autoFilter ref="A1:C100001"/>' in xml
