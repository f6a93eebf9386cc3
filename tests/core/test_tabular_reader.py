"""Reading office spreadsheets: header detection, merged cells, empty and section rows,
sheets, warnings. Every file is a real .xlsx written with openpyxl and read back."""

from datetime import date, datetime

import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from zhongshu.core.tabular import TableError, read_xlsx

TITLE = "2026年市政府重点工作任务分解表"
NOTE = "填表说明：完成时限请填写具体日期；配合单位之间用顿号分隔。"
HEADER = ["序号", "重点任务（必填）", "完成\n时限", "牵头 单位", "配合单位", "权重", "填报周期", "备注", "联系人"]


def office_table():
    """Title and note merged across, header with aliases and decorations, a 牵头单位 cell
    merged over three rows, an empty row, a row with only a 序号, dates typed as text."""
    rows = [
        [TITLE], [NOTE], HEADER,
        [1, "推进老旧小区改造", "2026-06-30", "市住建局", "市财政局、东城区", 30, "每月", "重点", "张三"],
        [2, "实施城市更新行动", "2026/9/30", None, "市自然资源局", 20, "月报", None, None],
        [3, "完善排水管网\n建设", "2026年12月31日", None, None, "10", " 每周 ", None, None],
        [None, None, None, None, None, None, None, None, None],
        [4, "优化营商环境", 46203, "市发改委", "市市场监管局；市政务服务局", None, "每季度", None, None],
        [5, None, None, None, None, None, None, None, None],
        ["  ", "\u3000", None, None, None, None, None, "只有备注", None],
    ]
    return rows, ["A1:I1", "A2:I2", "D4:D6"]


def test_office_table(make_xlsx, task_fields):
    rows, merges = office_table()
    result = read_xlsx(make_xlsx(rows, merges), task_fields)

    assert result.ok, result.error_report()
    assert (result.header_row, result.data_start) == (3, 4)
    assert [row.number for row in result.rows] == [4, 5, 6, 8]
    first, second, third, fourth = (row.values for row in result.rows)
    assert first == {"seq": 1, "number": None, "title": "推进老旧小区改造", "deadline": date(2026, 6, 30),
                     "lead_unit": "市住建局", "co_units": ["市财政局", "东城区"], "weight": 30,
                     "cycle": "monthly"}
    assert second["lead_unit"] == third["lead_unit"] == "市住建局"  # merged D4:D6 filled down
    assert second["deadline"] == date(2026, 9, 30) and third["deadline"] == date(2026, 12, 31)
    assert third["title"] == "完善排水管网建设"  # single_line: no space between CJK characters
    assert third["weight"] == 10 and third["cycle"] == "weekly"
    assert third["co_units"] == [] and second["number"] is None
    assert fourth["deadline"] == date(2026, 6, 30)  # Excel serial number
    assert fourth["co_units"] == ["市市场监管局", "市政务服务局"]
    assert result.headers["deadline"] == "完成时限" and result.letters["deadline"] == "C"
    assert result.headers["title"] == "重点任务（必填）"
    assert result.warnings == [
        "已忽略未识别的列：备注、联系人",
        "以下合并单元格已拆分，每行填入相同的值：D4:D6（牵头 单位）",
        "已跳过 3 个空行（第 7 行）",
    ]


def test_header_found_within_ten_rows_only(make_xlsx, task_fields):
    data = ["优化营商环境", "2026-06-30"]
    found = read_xlsx(make_xlsx([[f"说明{i}"] for i in range(9)] + [["事项", "完成时限"], data]), task_fields)
    assert found.header_row == 10 and found.rows[0].values["title"] == "优化营商环境"
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx([[f"说明{i}"] for i in range(10)] + [["事项", "完成时限"], data]), task_fields)
    assert exc.value.code == "no_header"
    assert exc.value.message == "未找到表头：需要包含 事项、完成时限 等列"


@pytest.mark.parametrize("title, deadline", [
    ("事项", "完成时限"), (" 事 项 ", "完成时限*"), ("*工作任务", "完成时限（必填）"), ("任务名称\n", "完成\u3000时限"),
    ("重点任务(必填)", "完成时限:"), ("ｔａｓｋ", "完成时限"),
])
def test_header_spellings(make_xlsx, title, deadline):
    from zhongshu.core.tabular import Field

    fields = [Field("title", "事项", aliases=("工作任务", "任务名称", "重点任务", "TASK"), required=True),
              Field("deadline", "完成时限", kind="date", required=True)]
    result = read_xlsx(make_xlsx([[title, deadline], ["修缮", "2026-06-30"]]), fields)
    assert result.rows[0].values == {"title": "修缮", "deadline": date(2026, 6, 30)}


def test_real_date_and_datetime_cells(make_xlsx, task_fields):
    rows = [["事项", "完成时限"], ["甲", date(2026, 6, 30)], ["乙", datetime(2026, 6, 30, 18, 0)]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert [r.values["deadline"] for r in result.rows] == [date(2026, 6, 30)] * 2


def test_all_text_date_formats_in_cells(make_xlsx, task_fields):
    spellings = ["2026-06-30", "2026/6/30", "2026.6.30", "2026年6月30日", "2026年6月30号", "20260630",
                 "2026-06-30 00:00:00", "２０２６年６月３０日", "  2026-06-30  "]
    rows = [["事项", "完成时限"]] + [[f"事项{i}", text] for i, text in enumerate(spellings)] + [["数字", 20260630]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert result.ok, result.error_report()
    assert {r.values["deadline"] for r in result.rows} == {date(2026, 6, 30)}
    assert len(result.rows) == len(spellings) + 1


def test_serial_numbers_in_a_1904_workbook(make_xlsx, task_fields):
    def mac(ws):
        ws.parent.epoch = CALENDAR_MAC_1904

    result = read_xlsx(make_xlsx([["事项", "完成时限"], ["甲", 46203 - 1462]], setup=mac), task_fields)
    assert result.rows[0].values["deadline"] == date(2026, 6, 30)


def test_section_rows_are_skipped_and_name_the_rows_below(make_xlsx, task_fields):
    rows = [["序号", "事项", "完成时限", "牵头单位"],
            ["一、深化改革"], [1, "推进国企改革", "2026-06-30", "市国资委"], [2, "深化财税改革", "2026-09-30", "市财政局"],
            ["二", "民生实事"], [3, "新建学校", "2026-12-31", "市教育局"]]
    result = read_xlsx(make_xlsx(rows, ["A2:D2", "B5:D5"]), task_fields)
    assert result.ok, result.error_report()
    assert [(r.number, r.section) for r in result.rows] == [(3, "一、深化改革"), (4, "一、深化改革"), (6, "民生实事")]
    assert "以下跨列合并的分类标题行已跳过，其文字作为下方各行的分类：第 2 行「一、深化改革」、第 5 行「民生实事」" \
        in result.warnings


def test_two_row_header_with_a_group_label(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "责任单位", None, "备注"],
            [None, None, "牵头单位", "配合单位", None],
            ["新建学校", "2026-12-31", "市教育局", "市财政局、市自然资源局", None]]
    result = read_xlsx(make_xlsx(rows, ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]), task_fields)
    assert result.ok, result.error_report()
    assert (result.header_row, result.data_start) == (1, 3)
    assert result.rows[0].values["lead_unit"] == "市教育局"
    assert result.rows[0].values["co_units"] == ["市财政局", "市自然资源局"]
    assert result.headers["co_units"] == "配合单位"
    assert result.warnings == ["已忽略未识别的列：备注"]


def test_title_merged_over_the_header_is_not_a_two_row_header(make_xlsx, task_fields):
    result = read_xlsx(make_xlsx([[TITLE], ["事项", "完成时限"], ["新建学校", "2026-12-31"]], ["A1:B1"]),
                       task_fields)
    assert (result.header_row, result.data_start) == (2, 3)
    assert [r.number for r in result.rows] == [3]


def test_merged_ranges_over_rows_and_columns(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "牵头单位", "配合单位"],
            ["甲", "2026-06-30", "市交通局", None],
            ["乙", None, None, None],
            ["丙", "2026-09-30", None, "市水利局"]]
    result = read_xlsx(make_xlsx(rows, ["B2:B3", "C2:D3"]), task_fields)
    assert result.ok, result.error_report()
    values = [r.values for r in result.rows]
    assert [v["deadline"] for v in values] == [date(2026, 6, 30), date(2026, 6, 30), date(2026, 9, 30)]
    assert [v["lead_unit"] for v in values] == ["市交通局", "市交通局", None]
    assert [v["co_units"] for v in values] == [["市交通局"], ["市交通局"], ["市水利局"]]
    assert result.warnings == ["以下合并单元格已拆分，每行填入相同的值：B2:B3（完成时限）、C2:D3（牵头单位、配合单位）"]


def test_a_row_filled_only_from_a_merge_is_empty(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "牵头单位"], ["甲", "2026-06-30", "市交通局"], [None, None, None]]
    result = read_xlsx(make_xlsx(rows, ["C2:C3"]), task_fields)
    assert [r.number for r in result.rows] == [2]
    assert "已跳过 1 个空行" in result.warnings


def test_trailing_empty_rows_are_counted_but_not_listed(make_xlsx, task_fields):
    rows = [["事项", "完成时限"], ["甲", "2026-06-30"], [None, None], ["乙", "2026-06-30"]] + [["", " "]] * 5
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert [r.number for r in result.rows] == [2, 4]
    assert result.warnings == ["已跳过 6 个空行（第 3 行）"]


def test_hidden_rows_and_columns_are_read_with_a_warning(make_xlsx, task_fields):
    def hide(ws):
        ws.row_dimensions[3].hidden = True
        ws.column_dimensions["C"].hidden = True

    rows = [["事项", "完成时限", "牵头单位"], ["甲", "2026-06-30", "市交通局"], ["乙", "2026-06-30", "市水利局"]]
    result = read_xlsx(make_xlsx(rows, setup=hide), task_fields)
    assert [r.values["lead_unit"] for r in result.rows] == ["市交通局", "市水利局"]
    assert result.warnings == ["以下列在表格中被隐藏，仍已导入：牵头单位", "第 3 行在表格中被隐藏（或被筛选掉），仍已导入"]


def test_sheet_with_the_header_is_found_among_others(make_xlsx, task_fields):
    path = make_xlsx([["填表说明"], ["请在“任务表”中填写"]], title="说明",
                     sheets={"任务表": [["事项", "完成时限"], ["甲", "2026-06-30"]]})
    result = read_xlsx(path, task_fields)
    assert result.sheet == "任务表" and result.rows[0].values["title"] == "甲"
    assert result.warnings == ["工作簿有 2 个工作表，已读取「任务表」"]


def test_hidden_sheets_are_not_guessed(make_xlsx, task_fields):
    def hide(ws):
        ws.sheet_state = "hidden"

    path = make_xlsx([["事项", "完成时限"], ["旧", "2025-06-30"]], setup=hide, title="2025年",
                     sheets={"2026年": [["事项", "完成时限"], ["新", "2026-06-30"]]})
    assert read_xlsx(path, task_fields).rows[0].values["title"] == "新"
    assert read_xlsx(path, task_fields, sheet="2025年").rows[0].values["title"] == "旧"


def test_several_sheets_with_a_header_are_refused_unless_one_is_named(make_xlsx, task_fields):
    path = make_xlsx([["事项", "完成时限"], ["旧", "2025-06-30"]], title="2025年",
                     sheets={"2026年": [["事项", "完成时限"], ["新", "2026-06-30"]]})
    with pytest.raises(TableError) as exc:
        read_xlsx(path, task_fields)
    assert exc.value.code == "several_sheets"
    assert exc.value.message == "多个工作表都有可导入的表头：「2025年」、「2026年」。请只保留要导入的工作表后再导入"
    assert read_xlsx(path, task_fields, sheet="2026年").rows[0].values["title"] == "新"
    assert read_xlsx(path, task_fields, sheet=0).rows[0].values["title"] == "旧"


@pytest.mark.parametrize("sheet, message", [
    ("2027年", "找不到工作表「2027年」（工作簿中有：2025年、2026年）"),
    (5, "找不到第 6 个工作表（工作簿中有：2025年、2026年）"),
])
def test_unknown_sheet(make_xlsx, task_fields, sheet, message):
    path = make_xlsx([["事项", "完成时限"]], title="2025年", sheets={"2026年": [["事项", "完成时限"]]})
    with pytest.raises(TableError) as exc:
        read_xlsx(path, task_fields, sheet=sheet)
    assert (exc.value.code, exc.value.message) == ("sheet_not_found", message)


def test_missing_required_column(make_xlsx, task_fields):
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx([[TITLE], ["序号", "事项", "牵头单位"], [1, "甲", "市交通局"]]), task_fields)
    assert (exc.value.code, exc.value.message) == ("missing_columns", "缺少必填列：完成时限")
    assert exc.value.status == 400


def test_missing_several_required_columns(make_xlsx, task_fields):
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx([["序号", "牵头单位", "配合单位"], [1, "市交通局", "市水利局"]]), task_fields)
    assert exc.value.message == "缺少必填列：事项、完成时限"


def test_a_table_without_our_columns_has_no_header(make_xlsx, task_fields):
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx([["姓名", "电话"], ["张三", "12345"]]), task_fields)
    assert (exc.value.code, exc.value.message) == ("no_header", "未找到表头：需要包含 事项、完成时限 等列")


@pytest.mark.parametrize("header, message", [
    (["事项", "完成时限", "工作任务"], "表头重复：A 列「事项」、C 列「工作任务」是同一项，请只保留一列"),
    (["事项", "完成时限", "完成时限"], "表头重复：B 列「完成时限」、C 列「完成时限」是同一项，请只保留一列"),
])
def test_duplicate_header_columns(make_xlsx, task_fields, header, message):
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx([header, ["甲", "2026-06-30", "乙"]]), task_fields)
    assert (exc.value.code, exc.value.message) == ("duplicate_columns", message)


def test_duplicate_unknown_columns_are_only_ignored(make_xlsx, task_fields):
    result = read_xlsx(make_xlsx([["事项", "完成时限", "备注", "备注"], ["甲", "2026-06-30", "a", "b"]]), task_fields)
    assert result.ok and result.warnings == ["已忽略未识别的列：备注、备注"]


def test_too_many_rows(make_xlsx, task_fields):
    rows = [["事项", "完成时限"]] + [[f"事项{i}", "2026-06-30"] for i in range(6)]
    assert len(read_xlsx(make_xlsx(rows), task_fields, max_rows=6).rows) == 6
    with pytest.raises(TableError) as exc:
        read_xlsx(make_xlsx(rows, name="b.xlsx"), task_fields, max_rows=5)
    assert exc.value.code == "too_many_rows"
    assert exc.value.message.startswith("数据行过多：表头下方到第 7 行共 6 行，上限 5 行。")


def test_header_without_data(make_xlsx, task_fields):
    result = read_xlsx(make_xlsx([[TITLE], ["事项", "完成时限"], [None, None], ["", ""]]), task_fields)
    assert not result.ok and result.rows == []
    assert result.error_report() == ["表头（第 2 行）下方没有数据"]
    assert result.errors[0].row is None


def test_fields_are_checked_for_programming_mistakes(make_xlsx):
    from zhongshu.core.tabular import Field

    path = make_xlsx([["事项"], ["甲"]])
    with pytest.raises(ValueError, match="share the label"):
        read_xlsx(path, [Field("a", "事项"), Field("b", "任务", aliases=("事 项",))])
    with pytest.raises(ValueError, match="two fields have the key"):
        read_xlsx(path, [Field("a", "事项"), Field("a", "任务")])
    with pytest.raises(ValueError, match="at least one Field"):
        read_xlsx(path, [])
