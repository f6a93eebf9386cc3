"""Excel in and out: the annual task table import (all or nothing, row-by-row Chinese report),
the ledger export in the office layout, the template, and the round trip."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
import sv_flow as flow
from django.core.files.uploadedfile import SimpleUploadedFile
from sv_time import at

from zhongshu.core.errors import UserError
from zhongshu.core.models import Sequence
from zhongshu.supervision import excel
from zhongshu.supervision.ledger import LedgerFilter
from zhongshu.supervision.models import Matter, Task

HEADER = ["序号", "立项号", "事项", "目标要求", "牵头领导", "牵头单位", "配合单位", "完成时限", "阶段目标", "填报周期"]
MAX = 10 * 1024 * 1024


def workbook(rows, header=HEADER, title="2026年重点工作任务分解表", merge=()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    for area in merge:
        ws.merge_cells(area)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name="任务表.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def run_import(people, data, now=None, **kw):
    return excel.import_task_table(upload(data), people.supervisor, max_bytes=MAX, now=now or at(2026, 1, 5), **kw)


def test_a_good_table_with_merged_cells_text_dates_and_empty_rows(people, city):
    rows = [
        [1, "", "建成城市快速路二期工程", "主线通车", "刘副市长", "市交通局", "市水利局、东城区", "2026年6月30日",
         "2026-03-31 完成主体结构\n2026/5/31 完成路面", "每月"],
        [2, "", "新建改建农村公路80公里", "", "", None, "", "2026.11.30", "", "每季度"],  # 牵头单位 merged from above
        [None] * 10,  # an empty row
        [3, "DB-7", "完成东城区老旧小区改造12个", "", "陈市长", "示例市东城区人民政府", "", 46203, "", "月报"],
    ]
    result, created = run_import(people, workbook(rows, merge=["F3:F4"]))
    assert result.ok, result.error_report()
    assert [m.title for m in created] == ["建成城市快速路二期工程", "新建改建农村公路80公里", "完成东城区老旧小区改造12个"]
    road, rural, homes = created
    assert road.number == "2026-0001" and homes.number == "DB-7"
    assert road.leader == people.vice and road.lead_unit == city.traffic
    assert set(road.co_units.all()) == {city.water, city.east}
    assert [(ms.deadline, ms.title) for ms in Task.objects.filter(matter=road, is_milestone=True).order_by("sort")] == [
        (date(2026, 3, 31), "完成主体结构"), (date(2026, 5, 31), "完成路面")]
    assert rural.lead_unit == city.traffic and rural.deadline == date(2026, 11, 30) and rural.report_cycle == "quarterly"
    assert homes.deadline == date(2026, 6, 30)  # an Excel serial number read as a date
    assert any("合并" in w for w in result.warnings)
    assert all(m.state == "draft" for m in created)


def test_every_problem_of_every_row_is_reported_and_nothing_is_saved(people, city, new_matter):
    new_matter(number="DB-1")
    rows = [
        [1, "DB-1", "已有立项号的事项", "", "", "市交通局", "", "2026-06-30", "", ""],
        [2, "", "", "", "", "市交通局", "", "2026-06-30", "", ""],
        [3, "", "单位写错", "", "", "市交通运输局", "东城", "2026-13-01", "", ""],
        [4, "", "领导不对", "", "王局长", "市水利局", "", "2025-12-01", "6月底 完成", "每天"],
        [5, "DB-9", "重号一", "", "", "市水利局", "", "2026-06-30", "", ""],
        [6, "DB-9", "重号二", "", "", "市水利局", "", "2026-06-30", "", ""],
    ]
    result, created = run_import(people, workbook(rows))
    assert not result.ok and created == []
    report = "\n".join(result.error_report())
    assert "第 3 行：立项号已存在：DB-1" in report
    assert "第 4 行「事项」：不能为空" in report
    assert "第 5 行「完成时限」" in report and "2026-13-01" in report
    assert "第 5 行「牵头单位」：未找到单位「市交通运输局」，是否为：示例市交通运输局（市交通局）" in report
    assert "未找到单位「东城」" in report and "示例市东城区人民政府" in report
    assert "第 6 行「牵头领导」：牵头领导「王局长」不是本系统的市领导" in report
    assert "第 6 行「阶段目标」" in report and "应以日期开头" in report
    assert "第 6 行「填报周期」" in report
    assert "第 8 行「立项号」" in report  # the same number twice in the file
    assert Matter.objects.count() == 1 and Task.objects.count() == 2


def test_past_deadlines_are_refused_by_the_rules_of_registration(people):
    result, created = run_import(people, workbook([[1, "", "早已过期", "", "", "市交通局", "", "2025-12-01", "", ""]]))
    assert created == [] and "完成时限 2025-12-01 早于今天" in "\n".join(result.error_report())


@pytest.mark.parametrize("data, message", [
    (b"this is not a spreadsheet at all", "文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xls"),
    (b"PK\x03\x04" + b"\0" * 100, "文件"),
])
def test_files_that_are_not_xlsx_are_refused(people, data, message):
    with pytest.raises(UserError) as info:
        run_import(people, data)
    assert message in info.value.message
    assert not Matter.objects.exists()


def test_a_50_mb_file_is_refused_before_it_is_read(people):
    big = SimpleUploadedFile("大文件.xlsx", b"PK" + b"\0" * 100)
    big.size = 50 * 1024 * 1024
    with pytest.raises(UserError, match="文件过大：50 MB，上限 10 MB"):
        excel.import_task_table(big, people.supervisor, max_bytes=MAX, now=at(2026, 1, 5))


def test_dry_run_checks_and_saves_nothing(people):
    result, created = run_import(people, workbook([[1, "", "事项", "", "", "市交通局", "", "2026-06-30", "", ""]]),
                                 dry_run=True)
    assert result.ok and created == [] and not Matter.objects.exists()


def test_only_the_office_imports(people):
    from zhongshu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        excel.import_task_table(upload(workbook([])), people.jt_liaison, max_bytes=MAX)


def _cells(data: bytes, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(r) for r in wb[sheet].iter_rows(min_row=2, values_only=True)]


def _export(user, layout="ledger", **params) -> bytes:
    from zhongshu.core.tabular import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, excel.export_sheets(LedgerFilter.from_params(params), user, at(2026, 2, 2), layout=layout))
    return out.getvalue()


def test_round_trip_export_reimport_no_difference(people, new_matter, city):
    new_matter(milestones=[(date(2026, 3, 31), "完成主体结构")], category="城市建设", source_ref="2026年政府工作报告")
    new_matter(title="完成东城区老旧小区改造12个", lead_unit=city.east, co_units=[], leader=people.mayor,
               report_cycle="quarterly", importance="key", method="onsite", deadline=date(2026, 11, 30))
    new_matter(title="新建改建农村公路80公里", number="DB-2026-9", co_units=[city.water, city.east])
    first = _export(people.supervisor, layout="table")
    Matter.objects.all().delete()
    Sequence.objects.all().delete()
    result, created = excel.import_task_table(upload(first), people.supervisor, max_bytes=MAX, now=at(2026, 1, 5))
    assert result.ok, result.error_report()
    assert len(created) == 3
    second = _export(people.supervisor, layout="table")
    assert _cells(first, "年度任务表") == _cells(second, "年度任务表")
    rows = _cells(second, "年度任务表")
    assert rows[0][:3] == ("序号", "立项号", "事项")
    assert {r[1] for r in rows[1:]} == {"2026-0001", "2026-0002", "DB-2026-9"}


def test_the_ledger_layout_offices_use(people, new_matter, city):
    m = new_matter()
    lead = flow.in_progress(people, m)
    from zhongshu.supervision import transitions as t

    t.report(lead, people.jt_staff, flow.report_input(40, "完成桩基"), at=at(2026, 1, 22))
    other = new_matter(title="东城区的事项", lead_unit=city.east, co_units=[])
    data = _export(people.supervisor)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["台账", "任务明细"]
    sheet = wb["台账"]
    assert sheet["A1"].value == "督查事项台账（截至2026年2月2日）"
    assert [c.value for c in sheet[2]] == ["序号", "事项", "牵头领导", "牵头单位", "配合单位", "完成时限", "最新进展",
                                           "状态", "灯"]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    by_title = {r[1]: r for r in rows}
    road = by_title[m.title]
    assert road[:6] == (1, m.title, "刘副市长", "示例市交通运输局", "示例市水利局", datetime(2026, 6, 30))
    assert road[6] == "【市交通局 2026年1月】完成桩基" and road[7] == "办理中" and road[8] == "绿灯"
    assert by_title[other.title][7] == "待交办"
    assert sheet.freeze_panes == "A3"
    # the one scoping rule applies to exports: 市交通局's liaison gets only its matters
    mine = openpyxl.load_workbook(io.BytesIO(_export(people.jt_liaison)))["台账"]
    assert [r[1] for r in mine.iter_rows(min_row=3, values_only=True)] == [m.title]


def test_export_and_import_pages(client, people, new_matter):
    new_matter()
    client.force_login(people.supervisor)
    response = client.get("/supervision/export.xlsx", {"year": 2026})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    template = client.get("/supervision/import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert book.sheetnames == ["年度任务表", "填写说明"]
    assert [c.value for c in book["年度任务表"][2]] == excel.TABLE_HEADERS
    bad = client.post("/supervision/import/", {"file": upload(workbook([[1, "", "x", "", "", "不存在的局", "",
                                                                        "2026-06-30", "", ""]]))})
    assert bad.status_code == 400 and "未找到单位「不存在的局」" in bad.content.decode()
    not_xlsx = client.post("/supervision/import/", {"file": upload(b"hello", name="a.xlsx")})
    assert not_xlsx.status_code == 400
    client.force_login(people.jt_liaison)
    assert client.get("/supervision/import/").status_code == 403
