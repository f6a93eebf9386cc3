"""The inbox: unread count, marking read (web and API), and nobody reads another's notices."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhongshu import notify
from zhongshu.notify.inbox import unread_count
from zhongshu.notify.models import Notice
from zhongshu.org.tokens import create_token


@pytest.fixture
def people(city, make_user):
    me = make_user("liaison", city.traffic, full_name="张三")
    other = make_user("liaison", city.water, full_name="王五")
    notify.send([me], title="交办通知一", body="正文一", link="/notify/inbox/?from=1")
    notify.send([me], title="交办通知二", body="正文二")
    notify.send([other], title="别人的消息", body="不该看到")
    return me, other


def api(client, user):
    _, key = create_token(user, name="测试")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_unread_count_is_one_query(people, django_assert_num_queries):
    me, other = people
    with django_assert_num_queries(1):
        assert unread_count(me) == 2
    assert unread_count(other) == 1


def test_inbox_page_lists_own_notices_newest_first_unread_bold(client, people):
    me, _ = people
    client.force_login(me)
    html = client.get(reverse("notify:inbox")).content.decode()
    assert html.index("交办通知二") < html.index("交办通知一")
    assert "别人的消息" not in html
    assert html.count("fw-bold") == 2
    assert 'id="zs-unread"' in html  # header badge


def test_open_marks_read_and_follows_link(client, people):
    me, _ = people
    notice = Notice.objects.get(title="交办通知一")
    client.force_login(me)
    response = client.get(reverse("notify:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/notify/inbox/?from=1"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert unread_count(me) == 1
    html = client.get(reverse("notify:inbox") + "?show=unread").content.decode()
    assert "交办通知二" in html and "交办通知一" not in html


def test_open_never_redirects_off_site(client, city, make_user):
    me = make_user("liaison", city.traffic)
    notify.send([me], title="可疑链接", body="", link="https://evil.example.com/")
    client.force_login(me)
    response = client.get(reverse("notify:open", args=[Notice.objects.get().pk]))
    assert response["Location"] == reverse("notify:inbox")


def test_mark_one_read_without_js_and_with_htmx(client, people):
    me, _ = people
    one, two = Notice.objects.filter(recipient=me).order_by("id")
    client.force_login(me)
    response = client.post(reverse("notify:read", args=[one.pk]), {"show": "unread"})
    assert response.status_code == 302 and "show=unread" in response["Location"]
    response = client.post(reverse("notify:read", args=[two.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notice-{two.pk}"' in html and "fw-bold" not in html and 'hx-swap-oob="true"' in html
    assert unread_count(me) == 0


def test_mark_all_read(client, people):
    me, other = people
    client.force_login(me)
    response = client.post(reverse("notify:read_all"))
    assert response.status_code == 302
    assert unread_count(me) == 0 and unread_count(other) == 1
    notify.send([me], title="新消息", body="")
    response = client.post(reverse("notify:read_all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("notify:inbox"))
    assert unread_count(me) == 0


def test_another_users_notice_is_404_on_the_web(client, people):
    me, other = people
    theirs = Notice.objects.get(recipient=other)
    client.force_login(me)
    assert client.get(reverse("notify:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notify:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_needs_login(client, db):
    response = client.get(reverse("notify:inbox"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_api_inbox_unread_filter_and_count(client, people):
    me, _ = people
    api(client, me)
    data = client.get("/api/v1/notify/inbox").json()
    assert data["count"] == 2 and [n["title"] for n in data["items"]] == ["交办通知二", "交办通知一"]
    assert client.get("/api/v1/notify/unread-count").json() == {"unread": 2}
    first = data["items"][1]["id"]
    read = client.post(f"/api/v1/notify/inbox/{first}/read")
    assert read.status_code == 200 and read.json()["is_read"] is True
    unread = client.get("/api/v1/notify/inbox?unread=true").json()
    assert [n["title"] for n in unread["items"]] == ["交办通知二"]
    assert client.post("/api/v1/notify/inbox/read-all").json() == {"marked": 1, "unread": 0}


def test_api_another_users_notice_is_404(client, people):
    me, other = people
    theirs = Notice.objects.get(recipient=other)
    api(client, me)
    response = client.post(f"/api/v1/notify/inbox/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_needs_authentication(client, people):
    assert client.get("/api/v1/notify/unread-count").status_code == 401


def test_inbox_page_query_count_does_not_grow(client, city, make_user, django_assert_max_num_queries):
    me = make_user("liaison", city.traffic)
    for i in range(30):
        notify.send([me], title=f"消息{i}", body="")
    client.force_login(me)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("notify:inbox"))
    assert response.status_code == 200 and "第 1 / 2 页" in response.content.decode()


def test_inbox_api_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/notify/inbox", "/api/v1/notify/inbox/{notice_id}/read", "/api/v1/notify/inbox/read-all",
                 "/api/v1/notify/unread-count"):
        assert path in paths


def test_api_pages(client, city, make_user):
    me = make_user("liaison", city.traffic)
    notify.send_many([notify.Message([me], title=f"消息{i}", body="") for i in range(25)])
    api(client, me)
    second = client.get("/api/v1/notify/inbox?page=2").json()
    assert second["count"] == 25 and len(second["items"]) == 5
