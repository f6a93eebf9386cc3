"""The pages as a user uses them: forms that keep what was typed when a step is refused, the
ledger's filters and saved filters, the 待办 lists, and a bounded number of queries per page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sv_flow as flow
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from sv_time import at

from zhongshu.supervision import transitions as t
from zhongshu.supervision.models import Matter, SavedFilter


def test_register_a_matter_through_the_form(client, people, city):
    client.force_login(people.supervisor)
    deadline = timezone.localdate() + timedelta(days=90)
    response = client.post("/supervision/matters/new/", {
        "title": "建成市民服务中心", "source": "executive_meeting", "source_ref": "市政府第12次常务会议",
        "lead_unit": city.traffic.pk, "co_units": [city.water.pk], "leader": people.vice.pk,
        "deadline": deadline.isoformat(), "milestones": f"{(deadline - timedelta(days=30)).isoformat()} 完成主体封顶",
        "report_cycle": "monthly", "importance": "key", "method": "onsite"})
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == matter.get_absolute_url()
    assert matter.tasks.count() == 3 and matter.source == "executive_meeting"


def test_a_refused_register_keeps_what_was_typed(client, people, city):
    client.force_login(people.supervisor)
    response = client.post("/supervision/matters/new/", {
        "title": "建成市民服务中心", "source": "other", "lead_unit": city.traffic.pk, "co_units": [city.traffic.pk],
        "deadline": "2020-01-01", "report_cycle": "monthly", "importance": "normal", "method": "itemized",
        "milestones": "明年 完成"})
    page = response.content.decode()
    assert response.status_code == 400 and not Matter.objects.exists()
    assert "第 1 行" in page and 'value="建成市民服务中心"' in page


def test_report_form_errors_keep_the_text(client, people, new_matter):
    lead = flow.in_progress(people, new_matter(deadline=timezone.localdate() + timedelta(days=60),
                                               when=timezone.now() - timedelta(days=1)))
    client.force_login(people.jt_staff)
    response = client.post(f"{lead.get_absolute_url()}report/", {
        "report-progress": "150", "report-done": "完成主体结构60%", "report-handler": "周婷", "report-phone": "1"})
    page = response.content.decode()
    assert response.status_code == 400 and "进展反馈未完成" in page and "完成主体结构60%" in page
    assert not lead.reports.exists()


def test_a_step_the_state_refuses_shows_the_reason(client, people, new_matter):
    lead = flow.assigned(people, new_matter(deadline=timezone.localdate() + timedelta(days=60),
                                            when=timezone.now() - timedelta(days=1)))
    client.force_login(people.jt_liaison)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "签收" in page and "申请办结" not in page  # only what the state allows is offered
    response = client.post(f"{lead.get_absolute_url()}completion/", {"completion-result": "完成"})
    assert response.status_code == 400 and "请先签收，再申请办结" in response.content.decode()


def test_the_unit_signs_reports_and_asks_completion_through_the_pages(client, people, new_matter):
    lead = flow.assigned(people, new_matter(deadline=timezone.localdate() + timedelta(days=60),
                                            when=timezone.now() - timedelta(days=1)))
    client.force_login(people.jt_liaison)
    assert client.post(f"{lead.get_absolute_url()}accept/").status_code == 302
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "进展反馈" in page and "已按上期内容预填" not in page  # nothing to pre-fill from yet
    client.post(f"{lead.get_absolute_url()}report/", {"report-progress": 40, "report-done": "桩基完成",
                                                     "report-handler": "赵敏", "report-phone": "1"})
    prefilled = client.get(lead.get_absolute_url()).content.decode()
    assert lead.reports.count() == 1 and "桩基完成" in prefilled  # shown in the list of reports
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = SimpleUploadedFile("验收.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(f"{lead.get_absolute_url()}completion/", {"completion-result": "完成",
                                                                    "completion-files": [evidence]})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.state == "review" and "验收.pdf" in client.get(lead.get_absolute_url()).content.decode()


def test_todo_lists_what_waits_for_each_role(client, people, new_matter):
    m = new_matter(deadline=timezone.localdate() + timedelta(days=60), when=timezone.now() - timedelta(days=1))
    flow.assigned(people, m)
    client.force_login(people.jt_liaison)
    page = client.get("/supervision/todo/").content.decode()
    assert "待签收" in page and m.title in page
    client.force_login(people.supervisor)
    page = client.get("/supervision/todo/").content.decode()
    assert "待审核的办结申请" in page
    # the 工作台 counts the same lists and links to them
    from zhongshu.supervision.todo import items

    mine = {t.label: (t.count, t.url) for t in items(people.jt_liaison) if t.count}
    assert mine == {"督办任务待签收": (m.tasks.filter(unit=people.jt_liaison.unit, parent=None).count(),
                              "/supervision/todo/#zs-todo-accept")}
    assert mine["督办任务待签收"][0] >= 1
    assert {t.label for t in items(people.mayor) if t.count} == set()
    client.force_login(people.jt_liaison)
    assert 'href="/supervision/todo/#zs-todo-accept"' in client.get("/").content.decode()


def test_saved_filters(client, people, new_matter):
    new_matter()
    client.force_login(people.supervisor)
    response = client.post("/supervision/filters/", {"name": "交通局红灯", "query": "unit=1&light=red"})
    assert response.status_code == 302 and SavedFilter.objects.get(owner=people.supervisor).query == "unit=1&light=red"
    assert "交通局红灯" in client.get("/supervision/").content.decode()
    client.post("/supervision/filters/", {"name": "交通局红灯", "query": "light=red"})
    assert SavedFilter.objects.count() == 1
    bad = client.post("/supervision/filters/", {"name": "坏的", "query": "light=purple"})
    assert bad.status_code == 302 and SavedFilter.objects.count() == 1
    client.get("/supervision/")  # read the messages
    client.force_login(people.mayor)
    assert "交通局红灯" not in client.get("/supervision/").content.decode()  # filters are personal


def test_bad_filters_are_explained(client, people):
    client.force_login(people.supervisor)
    response = client.get("/supervision/?light=purple&year=abc&deadline_from=2026-13-01")
    page = response.content.decode()
    assert response.status_code == 400
    assert "灯色取值无效：purple" in page and "年度须为数字：abc" in page and "完成时限起日期格式应为 YYYY-MM-DD" in page


def test_the_ledger_filters(client, people, new_matter, city):
    road = new_matter(deadline=date(2026, 3, 31), co_units=[])
    flow.in_progress(people, road)
    homes = new_matter(title="完成东城区老旧小区改造12个", lead_unit=city.east, co_units=[], leader=people.mayor,
                       deadline=date(2026, 12, 31))
    t.assign(homes, people.supervisor, at=at(2026, 1, 5, 10))
    client.force_login(people.supervisor)

    def shown(query):
        page = client.get(f"/supervision/?{query}").content.decode()
        return {m.title for m in (road, homes) if m.title in page}

    assert shown("light=red") == {road.title}  # 3月31日 passed long ago
    assert shown("light=green") == {homes.title} or shown("light=yellow") == {homes.title}
    assert shown(f"leader={people.mayor.pk}") == {homes.title}
    assert shown(f"unit={city.east.pk}") == {homes.title}
    assert shown("overdue=1") == {road.title}
    assert shown("state=assigned") == {homes.title} and shown("q=老旧小区") == {homes.title}


@pytest.mark.parametrize("view", ["", "view=tasks"])
def test_ledger_queries_do_not_grow_with_rows(client, people, new_matter, city, view):
    client.force_login(people.supervisor)
    t.assign(new_matter(), people.supervisor, at=at(2026, 1, 5, 10))
    client.get(f"/supervision/?{view}")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/supervision/?{view}")
    for i in range(12):
        m = new_matter(title=f"事项{i}", co_units=[city.water, city.east])
        t.assign(m, people.supervisor, at=at(2026, 1, 5, 10))
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/supervision/?{view}")
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_matter_and_task_pages_bounded(client, people, new_matter, city):
    m = new_matter(co_units=[city.water, city.east], milestones=[(date(2026, 3, 31), "完成主体")])
    lead = flow.in_progress(people, m)
    for n in range(3):
        t.report(lead, people.jt_staff, flow.report_input(10 + n), at=at(2026, 1 + n, 5 if n else 22))
    client.force_login(people.supervisor)
    with CaptureQueriesContext(connection) as matter_page:
        assert client.get(m.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as task_page:
        assert client.get(lead.get_absolute_url()).status_code == 200
    assert len(matter_page) <= 40 and len(task_page) <= 50


def test_the_office_steps_on_the_matter_page(client, people, new_matter, city):
    m = new_matter(deadline=timezone.localdate() + timedelta(days=60), when=timezone.now() - timedelta(days=1))
    client.force_login(people.supervisor)
    page = client.get(m.get_absolute_url()).content.decode()
    assert "交办" in page and "任务分解" in page
    added = client.post(f"{m.get_absolute_url()}task/", {
        "task-unit": city.east.pk, "task-role": "co", "task-title": "做好征迁配合",
        "task-deadline": (timezone.localdate() + timedelta(days=30)).isoformat(), "task-weight": 1})
    assert added.status_code == 302 and m.tasks.count() == 3
    assert client.post(f"{m.get_absolute_url()}assign/").status_code == 302
    m.refresh_from_db()
    assert m.state == "active" and not m.tasks.filter(state="draft").exists()
    refused = client.post(f"{m.get_absolute_url()}close/")
    assert refused.status_code == 400 and "办理中的事项不能销号" in refused.content.decode()
    flagged = client.post(f"{m.get_absolute_url()}flag/", {"flag-reason": "群众反映强烈"})
    assert flagged.status_code == 400 and "只有督查室主任、市领导可以挂牌督办" in flagged.content.decode()
    assert m.__class__.objects.get(pk=m.pk).flagged is False
    client.force_login(people.mayor)
    assert client.post(f"{m.get_absolute_url()}flag/", {"flag-reason": "群众反映强烈"}).status_code == 302
    assert m.__class__.objects.get(pk=m.pk).flagged


def test_the_report_form_is_withdrawn_once_the_period_is_reported(client, people, new_matter):
    now = timezone.now()
    m = new_matter(deadline=timezone.localdate() + timedelta(days=90), when=now - timedelta(days=1))
    t.assign(m, people.supervisor, at=now - timedelta(hours=2))
    lead = flow.lead_task(m)
    t.accept(lead, people.jt_liaison, at=now - timedelta(hours=1))
    lead.refresh_from_db()
    while lead.report_period:  # report every period that is open by now (the first may be the current one)
        period = t.current_period(lead, now)
        if t.report_blocked(lead, now, period):
            break
        t.report(lead, people.jt_staff, flow.report_input(), at=now)
        lead.refresh_from_db()
    client.force_login(people.jt_liaison)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert 'data-step="report"' not in page and "的进展已经报送" in page


def test_the_filter_form_keeps_conditions_it_has_no_field_for(client, people):
    client.force_login(people.supervisor)
    page = client.get("/supervision/?category=城市建设&deadline_to=2026-06-30").content.decode()
    assert 'name="category" value="城市建设"' in page and 'name="deadline_to" value="2026-06-30"' in page
