"""The downloadable list of import problems, written with the writer and read back."""

import io

import openpyxl

from zhongshu.core.tabular import error_report_sheet, error_report_xlsx, read_xlsx, xlsx_response


def bad_file(make_xlsx):
    rows = [["2026年任务表"], ["序号", "事项", "完成时限", "牵头单位", "备注"],
            [1, "推进老旧小区改造", "2026-13-01", "市住建局", "x"],
            [2, None, "年底", "=危险", None],
            [3, "完善排水管网", "2026-06-30", "市水务局", None]]

    def as_text(ws):
        ws["D4"].data_type = "s"  # typed as text in Excel, not a formula

    return make_xlsx(rows, setup=as_text)


def test_error_report_xlsx_lists_every_problem_with_the_row(make_xlsx, task_fields):
    result = read_xlsx(bad_file(make_xlsx), task_fields)
    result.add_error(None, None, "年度任务已锁定")
    ws = openpyxl.load_workbook(io.BytesIO(error_report_xlsx(result)))["导入问题"]
    assert ws["A1"].value == "导入问题清单：工作表「Sheet1」共 4 处问题，请逐条修改后重新导入"
    assert [c.value for c in ws[2]] == ["行号", "列", "值", "问题", "序号", "事项", "完成时限", "牵头单位"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=3)] == [
        [None, None, None, "年度任务已锁定", None, None, None, None],
        [3, "完成时限", "2026-13-01", "日期无效：2026-13-01（应为 2026-06-30、2026/6/30、2026年6月30日 等）",
         "1", "推进老旧小区改造", "2026-13-01", "市住建局"],
        [4, "事项", None, "不能为空", "2", None, "年底", "=危险"],
        [4, "完成时限", "年底", "日期无效：年底（应为 2026-06-30、2026/6/30、2026年6月30日 等）",
         "2", None, "年底", "=危险"],
    ]
    assert ws["H5"].data_type == "s"  # the user's "=危险" comes back as text, not a formula
    assert ws.freeze_panes == "A3"


def test_error_report_without_row_values(make_xlsx, task_fields, db):  # closing a response touches the db
    result = read_xlsx(bad_file(make_xlsx), task_fields)
    sheet = error_report_sheet(result, include_row=False, name="问题")
    assert [c.header for c in sheet.columns] == ["行号", "列", "值", "问题"]
    response = xlsx_response("导入问题.xlsx", [sheet])
    try:
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["问题"]
    finally:
        response.close()
    assert ws.max_column == 4 and ws.max_row == 2 + 3
