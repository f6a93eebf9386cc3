"""Cell values through Fields: every problem of every row is reported with the Excel row
number, the header as in the file, the raw value and a Chinese message."""

from datetime import date

import pytest

from zhongshu.core.tabular import FORMULA_WITHOUT_VALUE, Field, TableError, read_xlsx

HEADER = ["序号", "编号", "事项", "完成时限", "牵头单位", "配合单位", "权重", "填报周期"]


def test_all_errors_of_all_rows_are_collected(make_xlsx, task_fields):
    rows = [["2026年任务表"], HEADER,
            [1, "A-01", "甲" * 301, "2026-13-01", "市交通局", None, 150, "每月"],
            [2, "A-02", None, None, None, None, "十二", "每日"],
            [3, "A-03", "丙", "2026-06-30", "市水利局", "市财政局", 12.5, "每周"],
            [4, "A-04", "丁", "2026-02-30", None, None, 50, "月报"],
            [5, "A-05", "戊", "年底", None, None, 0, None]]
    result = read_xlsx(make_xlsx(rows), task_fields)

    assert not result.ok
    assert [(r.number, r.ok) for r in result.rows] == [(3, False), (4, False), (5, False), (6, False), (7, False)]
    assert result.error_report() == [
        "第 3 行「事项」：过长（最多 300 字），当前 301 字",
        "第 3 行「完成时限」：日期无效：2026-13-01（应为 2026-06-30、2026/6/30、2026年6月30日 等）",
        "第 3 行「权重」：应在 0–100 之间：150",
        "第 4 行「事项」：不能为空",
        "第 4 行「完成时限」：不能为空",
        "第 4 行「权重」：应为整数：十二",
        "第 4 行「填报周期」：不是可选的值：每日（可选：每月、月报、每周、周报、每季度）",
        "第 5 行「权重」：应为整数：12.5",
        "第 6 行「完成时限」：日期无效：2026-02-30（2026年2月只有 28 天）",
        "第 7 行「完成时限」：日期无效：年底（应为 2026-06-30、2026/6/30、2026年6月30日 等）",
    ]
    bad_date = result.errors[1]
    assert (bad_date.row, bad_date.field, bad_date.value, bad_date.key, bad_date.column) == \
        (3, "完成时限", "2026-13-01", "deadline", "D")
    assert bad_date.message == "日期无效：2026-13-01（应为 2026-06-30、2026/6/30、2026年6月30日 等）"
    assert result.rows[2].values["weight"] is None and result.rows[2].values["title"] == "丙"
    assert result.rows[3].values["weight"] == 50


@pytest.mark.parametrize("cell, expected", [(12, 12), ("12", 12), (12.0, 12), (" 12 ", 12), ("１２", 12),
                                            ("+12", 12), ("12.0", 12), ("1,200", 1200), (0, 0), (-3, -3)])
def test_int_accepted(make_xlsx, cell, expected):
    result = read_xlsx(make_xlsx([["数量"], [cell]]), [Field("n", "数量", kind="int")])
    assert result.ok and result.rows[0].values == {"n": expected}


@pytest.mark.parametrize("cell, message", [(12.5, "应为整数：12.5"), ("十二", "应为整数：十二"),
                                           (True, "应为整数：TRUE"), ("12个", "应为整数：12个"),
                                           ("1,2", "应为整数：1,2")])
def test_int_refused(make_xlsx, cell, message):
    result = read_xlsx(make_xlsx([["数量"], [cell]]), [Field("n", "数量", kind="int")])
    assert result.error_report() == [f"第 2 行「数量」：{message}"]


@pytest.mark.parametrize("bounds, cell, message", [
    ({"min_value": 0}, -1, "不能小于 0：-1"), ({"max_value": 100}, 101, "不能大于 100：101"),
    ({"min_value": 1, "max_value": 5}, 0, "应在 1–5 之间：0"),
])
def test_int_bounds(make_xlsx, bounds, cell, message):
    result = read_xlsx(make_xlsx([["数量"], [cell]]), [Field("n", "数量", kind="int", **bounds)])
    assert [e.message for e in result.errors] == [message]


def test_text_values(make_xlsx):
    fields = [Field("t", "名称", max_length=5), Field("code", "编号"), Field("one", "标题", single_line=True)]
    rows = [["名称", "编号", "标题"],
            ["  六个字的名称 ", 2026001, "Smart\nCity"],
            ["\u200b甲\r\n乙", 2026001.0, "重点\n  任务 \n第二项"],
            ["刚好五个字", 4.10102199001011e17, "a"]]
    result = read_xlsx(make_xlsx(rows), fields)
    values = [r.values for r in result.rows]
    assert values[0] == {"t": None, "code": "2026001", "one": "Smart City"}
    assert values[1] == {"t": "甲\n乙", "code": "2026001", "one": "重点任务第二项"}
    assert values[2]["t"] == "刚好五个字"
    assert result.error_report() == [
        "第 2 行「名称」：过长（最多 5 字），当前 6 字",
        "第 4 行「编号」：数字位数过多，Excel 已丢失末尾数字：请将该列设为文本格式后重新填写",
    ]


def test_list_values(make_xlsx):
    fields = [Field("units", "配合单位", kind="list", max_length=6, required=True)]
    rows = [["配合单位"], ["市交通局、市水利局,东城区，东湖街道；公路科;市政府办／市财政局/市教育局\n市卫健委\r\n市民政局"],
            [" 市交通局 、、 "], ["、，"], ["市交通运输局公路科、市水利局"]]
    result = read_xlsx(make_xlsx(rows), fields)
    assert result.rows[0].values["units"] == ["市交通局", "市水利局", "东城区", "东湖街道", "公路科", "市政府办",
                                              "市财政局", "市教育局", "市卫健委", "市民政局"]
    assert result.rows[1].values["units"] == ["市交通局"]
    assert result.error_report() == ["第 4 行「配合单位」：不能为空",
                                     "第 5 行「配合单位」：「市交通运输局公路科…」过长（最多 6 字），当前 9 字"]


def test_choice_values(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "填报周期"], ["甲", "2026-06-30", " 每月 "], ["乙", "2026-06-30", "周报"],
            ["丙", "2026-06-30", "每两周"], ["丁", "2026-06-30", None]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert [r.values["cycle"] for r in result.rows] == ["monthly", "weekly", None, None]
    assert result.error_report() == ["第 4 行「填报周期」：不是可选的值：每两周（可选：每月、月报、每周、周报、每季度）"]


def test_choice_keys_are_matched_as_text(make_xlsx):
    fields = [Field("level", "等级", kind="choice", choices={"1": "high", " 2 ": "low"})]
    result = read_xlsx(make_xlsx([["等级"], [1], ["２"], [3]]), fields)
    assert [r.values["level"] for r in result.rows] == ["high", "low", None]
    assert result.error_report() == ["第 4 行「等级」：不是可选的值：3（可选：1、2）"]


def test_clean_callable_checks_and_transforms(make_xlsx):
    def within_2026(value: date) -> date:
        if value.year != 2026:
            raise ValueError("完成时限应在 2026 年内")
        return value

    fields = [Field("title", "事项", required=True, clean=str.upper),
              Field("deadline", "完成时限", kind="date", clean=within_2026)]
    rows = [["事项", "完成时限"], ["abc", "2026-06-30"], ["def", "2027-01-01"], ["ghi", None]]
    result = read_xlsx(make_xlsx(rows), fields)
    assert [r.values for r in result.rows] == [{"title": "ABC", "deadline": date(2026, 6, 30)},
                                               {"title": "DEF", "deadline": None},
                                               {"title": "GHI", "deadline": None}]
    assert result.error_report() == ["第 3 行「完成时限」：完成时限应在 2026 年内"]


def test_unique_values(make_xlsx, task_fields):
    rows = [["编号", "事项", "完成时限"], ["A-01", "甲", "2026-06-30"], ["A-02", "乙", "2026-06-30"],
            [" A-01 ", "丙", "2026-06-30"], [None, "丁", "2026-06-30"], [None, "戊", "2026-06-30"]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert result.error_report() == ["第 4 行「编号」：与第 2 行重复：A-01"]


def test_missing_optional_columns_get_blank_values(make_xlsx, task_fields):
    result = read_xlsx(make_xlsx([["事项", "完成时限"], ["甲", "2026-06-30"]]), task_fields)
    assert result.rows[0].values == {"seq": None, "number": None, "title": "甲", "deadline": date(2026, 6, 30),
                                     "lead_unit": None, "co_units": [], "weight": None, "cycle": None}
    assert "co_units" not in result.headers


def test_formula_without_cached_value(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "权重"], ["甲", "=DATE(2026,6,30)", "=10*2"], ["乙", "2026-06-30", 5]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert FORMULA_WITHOUT_VALUE == "单元格为公式且没有计算结果，请粘贴为数值后再导入"
    assert result.error_report() == [f"第 2 行「完成时限」：{FORMULA_WITHOUT_VALUE}",
                                     f"第 2 行「权重」：{FORMULA_WITHOUT_VALUE}"]
    assert result.rows[1].ok


def test_formula_with_a_cached_value_is_read_as_its_value(make_xlsx, patch_xlsx, task_fields):
    rows = [["事项", "完成时限", "权重"], ["甲", "=DATE(2026,6,30)", "=10*2"]]
    data = patch_xlsx(make_xlsx(rows), "xl/worksheets/sheet1.xml",
                      {"<f>DATE(2026,6,30)</f><v></v>": "<f>DATE(2026,6,30)</f><v>46203</v>",
                       "<f>10*2</f><v></v>": "<f>10*2</f><v>20</v>"})
    result = read_xlsx(data, task_fields)
    assert result.ok, result.error_report()
    assert result.rows[0].values["deadline"] == date(2026, 6, 30) and result.rows[0].values["weight"] == 20


def test_excel_error_values(make_xlsx, task_fields):
    result = read_xlsx(make_xlsx([["事项", "完成时限"], ["甲", "#N/A"], ["#DIV/0!", "2026-06-30"]]), task_fields)
    assert result.error_report() == ["第 2 行「完成时限」：单元格显示错误值 #N/A，请修正公式或改为数值后再导入",
                                     "第 3 行「事项」：单元格显示错误值 #DIV/0!，请修正公式或改为数值后再导入"]


def test_text_that_looks_like_a_formula_is_data(make_xlsx):
    def as_text(ws):
        ws["A2"].data_type = "s"

    result = read_xlsx(make_xlsx([["事项"], ["=危险"]], setup=as_text), [Field("t", "事项")])
    assert result.ok and result.rows[0].values == {"t": "=危险"}


def test_caller_adds_errors_and_refuses_all_or_nothing(make_xlsx, task_fields):
    rows = [["事项", "完成时限", "牵头单位"], ["甲", "2026-06-30", "市交通局"], ["乙", "2026-06-30", "市不存在局"]]
    result = read_xlsx(make_xlsx(rows), task_fields)
    assert result.ok
    result.raise_for_errors()  # nothing to refuse yet

    for row in result.rows:
        if row.values["lead_unit"] == "市不存在局":
            result.add_error(row, "lead_unit", "单位不存在：市不存在局")
    result.add_error(2, "co_units", "配合单位不能与牵头单位相同", value="市交通局")
    result.add_error(None, None, "年度任务已锁定")
    assert not result.ok and not result.rows[1].ok and not result.rows[0].ok
    assert result.error_report() == ["年度任务已锁定", "第 2 行「配合单位」：配合单位不能与牵头单位相同",
                                     "第 3 行「牵头单位」：单位不存在：市不存在局"]
    assert result.errors[0].value == "市不存在局" and result.errors[0].column == "C"
    assert result.error_report(limit=2)[-1] == "……另有 1 处问题"
    with pytest.raises(TableError) as exc:
        result.raise_for_errors()
    assert exc.value.code == "rows_invalid" and exc.value.status == 422
    assert exc.value.message.startswith("导入失败，未导入任何数据：共 3 处问题。年度任务已锁定；")
    assert exc.value.details == result.error_report()


@pytest.mark.parametrize("kwargs, error", [
    ({"kind": "money"}, "kind must be one of"),
    ({"kind": "choice"}, "choices are required"),
    ({"choices": {"a": 1}}, "choices are required"),
    ({"kind": "choice", "choices": {}}, "must not be empty"),
    ({"min_value": 1}, "apply to kind='int' only"),
    ({"kind": "date", "max_length": 3}, "max_length applies"),
    ({"kind": "int", "single_line": True}, "single_line applies"),
    ({"kind": "list", "unique": True}, "unique does not apply"),
])
def test_field_definition_mistakes(kwargs, error):
    with pytest.raises(ValueError, match=error):
        Field("x", "某列", **kwargs)


def test_aliases_must_not_be_a_bare_string():
    with pytest.raises(TypeError):
        Field("number", "编号", aliases=("立项号"))
    assert Field("number", "编号", aliases=["立项号"]).aliases == ("立项号",)
    assert Field("number", "编号 （必填）", aliases=("立项号", "编号")).labels == ("编号", "立项号")
