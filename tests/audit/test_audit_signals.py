"""Automatic records: create/update/delete of audited models, login events; never a password."""

from __future__ import annotations

import json

import pytest

from zhongshu import audit
from zhongshu.audit.models import AuditRecord
from zhongshu.core.context import acting_as

DEFAULT_PASSWORD = "Zs-test-2026!"  # as in tests/conftest.py (make_user)


def _last(**filters):
    return AuditRecord.objects.filter(**filters).order_by("-seq").first()


def test_org_unit_create_update_delete_are_recorded_with_actor(city, make_user):
    from zhongshu.org.models import OrgUnit

    admin = make_user("sysadmin", city.office, username="admin1", full_name="王管理")
    with acting_as(admin):
        unit = OrgUnit.objects.create(name="示例市审计局", short_name="市审计局", code="SL-SJ", parent=city.root)
    created = _last(action="create", object_id=str(unit.pk))
    assert created.actor_id == admin.pk and created.actor_label == "王管理（admin1）"
    assert created.channel == "cli"
    assert created.changes["name"] == [None, "示例市审计局"]
    assert created.changes["parent"] == [None, city.root.pk]
    assert "path" not in created.changes and "created_at" not in created.changes

    unit = OrgUnit.objects.get(pk=unit.pk)  # as loaded from the database
    with acting_as(admin):
        unit.short_name = "审计局"
        unit.save()
    updated = _last(action="update", object_id=str(unit.pk))
    assert updated.changes == {"short_name": ["市审计局", "审计局"]}
    assert updated.object_repr == "示例市审计局"

    with acting_as(admin):
        unit.delete()
    deleted = _last(action="delete")
    assert deleted.object_id == str(created.object_id)
    assert deleted.changes["short_name"] == ["审计局", None]
    assert [r.action for r in audit.history_for(OrgUnit, pk=created.object_id)] == ["delete", "update", "create"]
    assert audit.verify().ok


def test_saving_without_a_change_writes_nothing(city):
    before = AuditRecord.objects.count()
    city.water.save()
    city.water.save(update_fields=["name"])
    assert AuditRecord.objects.count() == before


def test_update_fields_limit_the_diff(city):
    unit = city.water
    unit.name = "未保存的名称"
    unit.short_name = "水务局"
    unit.save(update_fields=["short_name"])
    assert _last(action="update").changes == {"short_name": ["市水利局", "水务局"]}


def test_step_labels_the_automatic_record(city):
    unit = city.east
    with audit.step("transition", "停用"):
        unit.is_active = False
        unit.save()
    rec = _last(object_id=str(unit.pk))
    assert (rec.action, rec.note, rec.changes) == ("transition", "停用", {"is_active": [True, False]})


def test_suppressed_writes_nothing(city):
    before = AuditRecord.objects.count()
    with audit.suppressed():
        city.east.short_name = "东区"
        city.east.save()
    assert AuditRecord.objects.count() == before


def test_user_changes_are_recorded_and_the_password_never(city, make_user):
    from zhongshu.org.models import User

    admin = make_user("sysadmin", city.office, username="admin2")
    with acting_as(admin):
        user = User.objects.create_user(username="zhangsan", password="Secret-pass-123", unit=city.traffic,
                                        full_name="张三")
    created = _last(action="create", object_id=str(user.pk))
    assert created.actor_id == admin.pk
    assert created.changes["username"] == [None, "zhangsan"]
    assert created.changes["unit"] == [None, city.traffic.pk]

    user = User.objects.get(pk=user.pk)
    with acting_as(admin):
        user.title = "科长"
        user.set_password("Another-pass-456")
        user.save()
    updated = _last(action="update", object_id=str(user.pk))
    assert updated.changes["title"] == ["", "科长"]
    assert "password" not in updated.changes  # only that it changed (password_changed_at), never the hash

    with acting_as(admin):
        user.delete()
    assert _last(action="delete").object_repr == "张三"

    everything = json.dumps(list(AuditRecord.objects.values("changes", "note", "object_repr")), ensure_ascii=False)
    keys = {key for changes in AuditRecord.objects.values_list("changes", flat=True) for key in changes}
    assert "password" not in keys
    assert "Secret-pass-123" not in everything and "Another-pass-456" not in everything
    assert "argon2" not in everything


def test_deleting_a_user_keeps_their_records_and_the_chain(city, make_user):
    actor = make_user("supervisor", city.office, username="lisi", full_name="李四")
    with acting_as(actor):
        audit.record("other", city.water, note="测试")
    actor.delete()
    rec = _last(note="测试")
    assert rec.actor_id is None and rec.actor_label == "李四（lisi）"
    assert audit.verify().ok


def test_login_and_failed_login_are_recorded_with_ip(client, city, make_user):
    user = make_user("liaison", city.traffic, username="liaison-a", full_name="联络员甲")
    response = client.post("/accounts/login/", {"username": "liaison-a", "password": "wrong-password-1"},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    failed = _last(action="login_failed")
    assert failed.ip == "10.1.2.3"
    assert failed.actor_id is None and "liaison-a" in failed.note
    assert "wrong-password-1" not in json.dumps([failed.changes, failed.note, failed.actor_label],
                                                ensure_ascii=False)

    response = client.post("/accounts/login/", {"username": "liaison-a", "password": DEFAULT_PASSWORD},
                           REMOTE_ADDR="10.1.2.4")
    assert response.status_code == 302
    login = _last(action="login")
    assert (login.actor_id, login.ip, login.channel) == (user.pk, "10.1.2.4", "web")
    assert login.request_id

    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.4")
    logout = _last(action="logout")
    assert (logout.actor_id, logout.ip) == (user.pk, "10.1.2.4")
    assert audit.verify().ok


@pytest.mark.parametrize("value", [1.5, "文本", None])
def test_explicit_record_round_trips_values(db, value):
    rec = audit.record("other", changes={"值": [value, "后"]}, note="说明")
    assert audit.verify().ok
    assert AuditRecord.objects.get(seq=rec.seq).changes["值"][1] == "后"


def test_many_to_many_changes_are_recorded(city, make_user):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="督查联络组")
    user = make_user("liaison", city.traffic)
    user.groups.add(group)
    rec = _last(object_id=str(user.pk), action="update")
    assert rec.changes == {"groups": [[], [group.pk]]} and rec.note == "添加关联"
    user.groups.remove(group)
    assert _last(object_id=str(user.pk), action="update").changes == {"groups": [[group.pk], []]}
    from zhongshu.audit.display import change_lines

    assert change_lines(rec) == [{"field": "groups", "label": "组", "before": "（空）", "after": "督查联络组"}]


def test_step_keeps_creates_as_creates_with_the_note(city):
    from zhongshu.org.models import OrgUnit

    with audit.step("transition", "机构调整"):
        unit = OrgUnit.objects.create(name="示例市数据局", short_name="数据局", code="SL-SJJ", parent=city.root)
        city.water.is_active = False
        city.water.save()
    created = _last(object_id=str(unit.pk))
    assert (created.action, created.note) == ("create", "机构调整")
    assert _last(object_id=str(city.water.pk)).action == "transition"
