"""The audit API: 审计管理员 only, keyset pages, filters, verification."""

from __future__ import annotations

import pytest

from zhongshu import audit
from zhongshu.audit.models import AuditRecord
from zhongshu.core.context import acting_as


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "supervisor", "liaison", "city_leader"])
def test_api_is_forbidden_to_all_but_the_audit_admin(client, city, make_user, role):
    client.force_login(make_user(role, city.office))
    response = client.get("/api/v1/audit/records")
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "审计记录仅限审计管理员查阅"}
    assert client.post("/api/v1/audit/verify").status_code == 403


def test_api_lists_filtered_records_in_keyset_pages(client, city, auditor):
    with acting_as(None, label="督办引擎", channel="worker"):
        audit.record_many([{"action": "remind", "obj": city.traffic, "note": f"催办 {i}",
                            "changes": {"is_active": [True, False]}} for i in range(5)])
    client.force_login(auditor)
    first = client.get("/api/v1/audit/records", {"action": "remind", "limit": 3}).json()
    assert [i["note"] for i in first["items"]] == ["催办 4", "催办 3", "催办 2"]
    assert first["items"][0]["object_type"] == "org.orgunit"
    assert first["items"][0]["change_lines"] == [{"field": "is_active", "label": "启用", "before": "是", "after": "否"}]
    second = client.get("/api/v1/audit/records", {"action": "remind", "limit": 3,
                                                  "before": first["next_before"]}).json()
    assert [i["note"] for i in second["items"]] == ["催办 1", "催办 0"]
    assert second["next_before"] is None

    bad = client.get("/api/v1/audit/records", {"action": "fly"})
    assert bad.status_code == 422 and "筛选条件有误" in bad.json()["message"]


def test_api_verify_names_the_broken_record(client, auditor, chain):
    client.force_login(auditor)
    assert client.post("/api/v1/audit/verify").json()["ok"] is True
    AuditRecord.objects.filter(seq=5).update(object_repr="伪造")
    body = client.post("/api/v1/audit/verify").json()
    assert body["ok"] is False and body["broken_seq"] == 5
    assert body["message"] == "第 5 条记录被篡改（哈希不符）"
