"""The one scoping rule in every door of 督查督办: ledger, detail pages, API lists and details,
exports, search, the overview and the papers. A guessed id of another unit's record is a 404."""

from __future__ import annotations

import io

import openpyxl
import pytest
import sv_flow as flow
from sv_time import at

from zhongshu.org.tokens import create_token
from zhongshu.supervision import transitions as t


@pytest.fixture
def two_matters(people, new_matter, city):
    """市交通局 leads one (with 市水利局 as co-unit); 东城区 leads the other (with its 东湖街道)."""
    road = new_matter()
    flow.in_progress(people, road)
    homes = new_matter(title="完成东城区老旧小区改造12个", lead_unit=city.east, co_units=[city.east_street])
    t.assign(homes, people.supervisor, at=at(2026, 1, 5, 10))
    return road, homes


def titles(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("who, sees_road, sees_homes", [
    ("supervisor", True, True), ("mayor", True, True),
    ("jt_liaison", True, False), ("jt_staff", True, False), ("sl_liaison", True, False),
    ("dc_liaison", False, True), ("street_staff", False, True),
    ("sysadmin", False, False), ("auditadmin", False, False),
])
def test_pages_show_only_what_the_scope_allows(client, people, two_matters, who, sees_road, sees_homes):
    road, homes = two_matters
    client.force_login(getattr(people, who))
    for url in ("/supervision/", "/supervision/?view=tasks", f"/supervision/?q={road.title[:4]}"):
        page = titles(client.get(url))
        assert (road.title in page) == sees_road, url
    assert (homes.title in titles(client.get("/supervision/"))) == sees_homes
    assert client.get(road.get_absolute_url()).status_code == (200 if sees_road else 404)
    assert client.get(homes.get_absolute_url()).status_code == (200 if sees_homes else 404)
    lead = flow.lead_task(road)
    assert client.get(lead.get_absolute_url()).status_code == (200 if sees_road else 404)
    export = client.get("/supervision/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    exported = {r[1] for r in book["台账"].iter_rows(min_row=3, values_only=True)}
    assert (road.title in exported) == sees_road and (homes.title in exported) == sees_homes
    doc = homes.docs.first()
    assert client.get(f"/supervision/docs/{doc.pk}/").status_code == (200 if sees_homes else 404)


@pytest.mark.parametrize("who, expected", [("jt_liaison", {"road"}), ("dc_liaison", {"homes"}),
                                           ("supervisor", {"road", "homes"}), ("auditadmin", set())])
def test_api_lists_details_and_steps_respect_the_scope(client, people, two_matters, who, expected):
    road, homes = two_matters
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(getattr(people, who))[1]}"}
    listed = client.get("/api/v1/supervision/matters", **auth).json()
    names = {"road" if m["id"] == road.pk else "homes" for m in listed["items"]}
    assert names == expected and listed["total"] == len(expected)
    for key, matter in (("road", road), ("homes", homes)):
        status = client.get(f"/api/v1/supervision/matters/{matter.pk}", **auth).status_code
        assert status == (200 if key in expected else 404)
    homes_task = flow.lead_task(homes)
    response = client.post(f"/api/v1/supervision/tasks/{homes_task.pk}/accept", **auth)
    if "homes" not in expected:
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    tasks = client.get("/api/v1/supervision/tasks", **auth).json()
    assert all(tk["matter_id"] in {road.pk if "road" in expected else -1, homes.pk if "homes" in expected else -1}
               for tk in tasks["items"])


def test_the_overview_counts_only_what_the_user_may_see(client, people, two_matters):
    road, homes = two_matters
    client.force_login(people.jt_liaison)
    page = titles(client.get("/supervision/overview/?year=2026"))
    assert "市交通局" in page and "东城区" not in page
    client.force_login(people.mayor)
    page = titles(client.get("/supervision/overview/?year=2026"))
    assert "市交通局" in page and "东城区" in page


def test_attachments_are_as_visible_as_their_record(client, people, new_matter, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    homes = new_matter(title="东城区的事项", lead_unit=city.east, co_units=[])
    lead = flow.assigned(people, homes)
    t.accept(lead, people.dc_liaison, at=at(2026, 1, 6))
    item = t.request_completion(lead, people.dc_liaison, result="完成", at=at(2026, 3, 2),
                                files=[SimpleUploadedFile("验收.pdf", b"%PDF-1.4", content_type="application/pdf")])
    from zhongshu.core.files import attachments_for

    attachment = attachments_for(item).get()
    client.force_login(people.dc_liaison)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"
    client.force_login(people.jt_liaison)
    assert client.get(attachment.get_absolute_url()).status_code == 404
