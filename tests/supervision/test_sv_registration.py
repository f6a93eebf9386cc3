"""立项 and 分解: validation in Chinese, numbering, the default decomposition, editing drafts."""

from __future__ import annotations

from datetime import date

import pytest
from sv_time import at

from zhongshu.core.errors import PermissionDenied, TransitionRefused, UserError
from zhongshu.supervision import registration, transitions
from zhongshu.supervision.models import Matter, Task
from zhongshu.supervision.registration import MatterInput, register_matter


def test_default_decomposition_lead_co_and_milestones(people, new_matter, city):
    m = new_matter(co_units=[city.water, city.east],
                   milestones=[(date(2026, 4, 30), "完成征地拆迁"), (date(2026, 3, 31), "完成施工图设计")])
    assert m.number == "2026-0001" and m.state == "draft" and m.year == 2026
    top = list(m.tasks.filter(parent=None).order_by("sort"))
    assert [(t.unit, t.role) for t in top] == [(city.traffic, "lead"), (city.water, "co"), (city.east, "co")]
    milestones = list(top[0].children.order_by("sort"))
    assert [(ms.deadline, ms.title) for ms in milestones] == [(date(2026, 3, 31), "完成施工图设计"),
                                                             (date(2026, 4, 30), "完成征地拆迁")]
    assert all(ms.is_milestone and ms.unit == city.traffic for ms in milestones)
    assert set(m.co_units.all()) == {city.water, city.east}


def test_numbers_are_consecutive_and_given_numbers_unique(people, new_matter):
    assert [new_matter().number for _ in range(3)] == ["2026-0001", "2026-0002", "2026-0003"]
    new_matter(number="督〔2026〕7号")
    with pytest.raises(UserError, match="立项号已存在：督〔2026〕7号"):
        new_matter(number="督〔2026〕7号")
    assert Matter.objects.count() == 4


@pytest.mark.parametrize("overrides, message", [
    ({"title": "  "}, "请填写事项名称"),
    ({"title": "长" * 301}, "事项名称过长"),
    ({"lead_unit": None}, "请选择牵头单位"),
    ({"deadline": date(2025, 12, 31)}, "完成时限 2025-12-31 早于今天"),
    ({"deadline": "2026-06-30"}, "请填写完成时限"),
    ({"source": "rumour"}, "事项来源取值无效"),
    ({"report_cycle": "daily"}, "填报周期取值无效"),
    ({"report_cycle": "weekly", "report_day": 6}, "填报日须在 1 到 5 之间"),
    ({"report_day": 31}, "填报日须在 1 到 28 之间"),
    ({"milestones": [(date(2026, 7, 31), "晚于时限")]}, "晚于事项完成时限"),
    ({"milestones": [(date(2026, 3, 1), " ")]}, "阶段目标须有内容"),
])
def test_invalid_input_is_refused_in_chinese_and_nothing_saved(people, new_matter, overrides, message):
    with pytest.raises(UserError, match=message):
        new_matter(**overrides)
    assert not Matter.objects.exists() and not Task.objects.exists()


def test_co_unit_equal_to_lead_and_leader_not_a_city_leader(people, new_matter, city):
    with pytest.raises(UserError) as info:
        new_matter(co_units=[city.traffic], leader=people.jt_leader)
    assert "配合单位不能与牵头单位相同" in info.value.message
    assert "牵头领导须为市领导" in info.value.message
    assert len(info.value.details) == 2


@pytest.mark.parametrize("who", ["jt_liaison", "jt_leader", "jt_staff", "mayor", "sysadmin", "auditadmin"])
def test_only_the_office_registers(people, city, who):
    data = MatterInput(title="事项", lead_unit=city.traffic, deadline=date(2026, 6, 30))
    with pytest.raises(PermissionDenied, match="只有督查室工作人员、督查室主任可以立项"):
        register_matter(getattr(people, who), data, at=at(2026, 1, 5))


def test_add_and_remove_tasks_while_unassigned(people, new_matter, city):
    m = new_matter()
    extra = registration.add_task(m, people.supervisor, unit=city.east, title="做好沿线征迁配合",
                                  deadline=date(2026, 5, 31), at=at(2026, 1, 5))
    assert extra.state == "draft" and city.east in m.co_units.all()
    with pytest.raises(UserError, match="完成时限早于今天"):
        registration.add_task(m, people.supervisor, unit=city.east, title="x", deadline=date(2025, 1, 1),
                              at=at(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        registration.add_task(m, people.jt_liaison, unit=city.east, title="x", deadline=date(2026, 5, 31))
    lead = m.tasks.get(role="lead", parent=None)
    with pytest.raises(TransitionRefused, match="牵头单位的任务不能删除"):
        registration.remove_task(lead, people.supervisor)
    registration.remove_task(extra, people.supervisor)
    assert not Task.objects.filter(pk=extra.pk).exists()
    transitions.assign(m, people.supervisor, at=at(2026, 1, 5, 10))
    co = m.tasks.get(role="co")
    with pytest.raises(TransitionRefused, match="已交办的任务不能删除"):
        registration.remove_task(co, people.supervisor)


def test_the_register_is_audited(people, new_matter):
    from zhongshu import audit

    m = new_matter()
    notes = list(audit.history_for(m).values_list("action", "note"))
    assert ("create", "立项") in notes


def test_a_draft_is_edited_and_its_tasks_follow(people, new_matter, city):
    from zhongshu.supervision.registration import update_matter

    m = new_matter(milestones=[(date(2026, 3, 31), "完成主体结构")])
    data = MatterInput(title="建成城市快速路二期工程（含匝道）", lead_unit=city.east, co_units=[city.traffic],
                       deadline=date(2026, 8, 31), leader=people.mayor, number=m.number, report_cycle="quarterly")
    update_matter(m, people.supervisor, data, at=at(2026, 1, 6))
    m.refresh_from_db()
    tasks = {(t.unit, t.role, t.is_milestone): t for t in m.tasks.all()}
    assert set(tasks) == {(city.east, "lead", False), (city.east, "lead", True), (city.traffic, "co", False)}
    assert tasks[(city.east, "lead", False)].deadline == date(2026, 8, 31)
    assert tasks[(city.east, "lead", False)].title == "建成城市快速路二期工程（含匝道）"
    assert tasks[(city.east, "lead", True)].deadline == date(2026, 3, 31)  # milestones keep theirs
    assert list(m.co_units.all()) == [city.traffic] and m.report_cycle == "quarterly" and m.leader == people.mayor
    transitions.assign(m, people.supervisor, at=at(2026, 1, 7, 10))
    with pytest.raises(TransitionRefused, match="办理中的事项不能修改"):
        update_matter(m, people.supervisor, data, at=at(2026, 1, 8))
    with pytest.raises(PermissionDenied):
        update_matter(new_matter(), people.jt_liaison, data, at=at(2026, 1, 8))


def test_other_modules_link_their_records_through_the_public_functions(people, city):
    from zhongshu.supervision import matters_for, register_from

    decision = city.water  # any saved record stands in for a meeting decision or a 批示
    matter = register_from(decision, by=people.supervisor, title="落实防汛会议议定事项", lead_unit=city.water,
                           deadline=date(2026, 5, 31), source="topic_meeting", at=at(2026, 1, 5))
    assert list(matters_for(decision)) == [matter] and not matters_for(city.traffic).exists()


def test_the_edit_page(client, people, new_matter, city):
    m = new_matter()
    client.force_login(people.supervisor)
    page = client.get(f"/supervision/matters/{m.pk}/edit/")
    assert page.status_code == 200 and "修改督查事项" in page.content.decode()
    client.force_login(people.jt_liaison)
    assert client.get(f"/supervision/matters/{m.pk}/edit/").status_code == 403


def test_a_matter_without_a_deadline_gets_15_working_days(people, new_matter):
    m = new_matter(deadline=None, milestones=[])
    assert m.deadline == date(2026, 1, 26)  # 1月5日 + 15 个工作日
    assert m.tasks.get(role="lead").deadline == date(2026, 1, 26)


def test_a_batch_is_registered_with_the_same_records_as_one_by_one(people, city):
    from zhongshu import audit
    from zhongshu.supervision.registration import register_many

    def item(title, **kw):
        return MatterInput(title=title, lead_unit=city.traffic, deadline=date(2026, 6, 30), co_units=[city.water],
                           milestones=[(date(2026, 3, 31), "完成设计")], **kw)

    before = audit.AuditRecord.objects.count()
    one = register_matter(people.supervisor, item("逐项立项"), at=at(2026, 1, 5))
    per_matter = audit.AuditRecord.objects.count() - before
    assert per_matter == 5  # the matter, its co-unit link, its three tasks
    batch = register_many(people.supervisor, [item("批量一"), item("批量二", number="DB-9"), item("批量三")],
                          at=at(2026, 1, 5))
    assert [m.number for m in batch] == ["2026-0002", "DB-9", "2026-0003"] and one.number == "2026-0001"
    assert audit.AuditRecord.objects.count() == before + per_matter * 4
    for m in batch:
        assert m.tasks.count() == 3 and list(m.co_units.all()) == [city.water]
        assert ("create", "立项") in set(audit.history_for(m).values_list("action", "note"))
    with pytest.raises(UserError) as info:
        late = MatterInput(title="过期", lead_unit=city.traffic, deadline=date(2025, 1, 1))
        register_many(people.supervisor, [item("好的"), item("重号", number="DB-9"), late], at=at(2026, 1, 5))
    assert info.value.details == ["第 2 项：立项号已存在：DB-9", "第 3 项：完成时限 2025-01-01 早于今天，请核对"]
    assert Matter.objects.count() == 4
