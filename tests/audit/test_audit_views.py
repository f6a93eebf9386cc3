"""The audit view is for the 审计管理员 alone; filters, pages, verify button, CSV export, history tag."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from zhongshu import audit
from zhongshu.audit.models import AuditRecord
from zhongshu.core.context import acting_as


@pytest.mark.parametrize("roles", ["sysadmin", "secadmin", "supervisor", "supervision_head", "liaison",
                                   "city_leader", ["sysadmin", "supervisor"]])
def test_audit_page_is_403_for_everyone_but_the_audit_admin(client, city, make_user, roles):
    user = make_user(roles, city.office, is_superuser=(roles == "sysadmin"), is_staff=True)
    client.force_login(user)
    for url in ("/audit/", "/audit/export.csv"):
        response = client.get(url)
        assert response.status_code == 403
        assert "仅限审计管理员" in response.content.decode()
    assert client.post("/audit/verify/").status_code == 403
    assert not AuditRecord.objects.filter(action__in=["export", "verify"]).exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_audit_admin_sees_records_with_changes_in_chinese(client, city, auditor, make_user):
    clerk = make_user("supervisor", city.office, username="clerk", full_name="赵督查")
    with acting_as(clerk):
        city.water.short_name = "水务局"
        city.water.save()
    client.force_login(auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "审计记录" in page and "校验审计链" in page
    assert "简称：市水利局 → 水务局" in page
    assert "赵督查（clerk）" in page


def test_filters_and_keyset_pages(client, city, auditor, django_assert_max_num_queries):
    with acting_as(None, label="督办引擎", channel="worker"):
        audit.record_many([{"action": "remind", "obj": city.traffic, "note": f"第{i}次催办"} for i in range(120)])
    with acting_as(None, label="别的程序", channel="worker"):
        audit.record("notify", city.water, note="通知")
    client.force_login(auditor)

    first = client.get("/audit/", {"action": "remind", "actor": "督办"})
    page = first.content.decode()
    assert "第119次催办" in page and "第70次催办" in page and "第69次催办" not in page
    assert "别的程序" not in page
    older = first.context["older"]
    second = client.get("/audit/", {"action": "remind", "actor": "督办", "before": older})
    assert "第69次催办" in second.content.decode() and "第119次催办" not in second.content.decode()
    back = client.get("/audit/", {"action": "remind", "actor": "督办", "after": second.context["records"][0].seq})
    assert [r.seq for r in back.context["records"]] == [r.seq for r in first.context["records"]]

    only_water = client.get("/audit/", {"object_type": "org.orgunit", "object_id": str(city.water.pk),
                                        "action": "notify"})
    assert [r.note for r in only_water.context["records"]] == ["通知"]
    rid = AuditRecord.objects.filter(action="notify").get().request_id
    assert [r.note for r in client.get("/audit/", {"request_id": rid}).context["records"]] == ["通知"]

    # A page costs a bounded number of queries, however many records exist.
    with django_assert_max_num_queries(12):
        client.get("/audit/", {"before": older})


def test_bad_date_range_is_explained(client, auditor):
    client.force_login(auditor)
    response = client.get("/audit/", {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 200
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_verify_button_reports_result_and_is_recorded(client, auditor, chain):
    client.force_login(auditor)
    response = client.post("/audit/verify/", HTTP_HX_REQUEST="true")
    assert "审计链完整" in response.content.decode()
    AuditRecord.objects.filter(seq=3).update(note="改过")
    response = client.post("/audit/verify/", HTTP_HX_REQUEST="true")
    assert "第 3 条记录被篡改（哈希不符）" in response.content.decode()
    assert AuditRecord.objects.filter(action="verify").count() == 2


def test_csv_export_is_itself_recorded(client, city, auditor):
    with acting_as(auditor):
        city.east.short_name = "东区"
        city.east.save()
    client.force_login(auditor)
    response = client.get("/audit/export.csv", {"object_type": "org.orgunit"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff序号,时间,操作人")
    assert "简称：东城区 → 东区" in body
    export = AuditRecord.objects.filter(action="export").get()
    assert export.actor_id == auditor.pk
    assert "对象类型=单位" in export.note
    assert audit.verify().ok


def test_history_tag_renders_the_objects_timeline(city, make_user):
    clerk = make_user("supervisor", city.office, username="clerk2", full_name="钱督查")
    with acting_as(clerk):
        city.water.short_name = "水务局"
        city.water.parent = city.east
        city.water.save()
    with acting_as(clerk), audit.step("transition", "停用"):
        city.water.is_active = False
        city.water.save()
    html = Template("{% load audit_tags %}{% audit_history obj %}").render(Context({"obj": city.water}))
    assert "状态变更：停用" in html
    assert "启用：是 → 否" in html
    assert "简称：市水利局 → 水务局" in html
    assert "上级单位：示例市人民政府 → 示例市东城区人民政府" in html
    assert "钱督查（clerk2）" in html
    assert html.index("停用") < html.index("水务局")  # newest first
    assert "东城区" not in Template("{% load audit_tags %}{% audit_history obj %}").render(
        Context({"obj": city.traffic}))


def test_nav_item_only_for_audit_admin(city, auditor, make_user):
    from zhongshu.audit.nav import items

    assert items(auditor) == [("审计", "/audit/")]
    assert items(make_user("sysadmin", city.office)) == []
