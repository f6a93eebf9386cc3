"""The 工作台: notices, and the clocks of the user's scope by light, in a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone


def section(html: str, light: str) -> str:
    """The HTML of one light's section of the 工作台."""
    start = html.index(f'id="zs-section-{light}"')
    end = html.find("</section>", start)
    return html[start:end]


def stat(html: str, light: str) -> int:
    match = re.search(rf'data-light="{light}">(\d+)<', html)
    assert match, light
    return int(match.group(1))


@pytest.fixture
def clocks(city, start_clock_in):
    return {
        "traffic_red": start_clock_in(city.traffic, "报送第三季度重点工作进展", "red"),
        "road_yellow": start_clock_in(city.traffic_road, "报送国省道养护情况", "yellow"),
        "traffic_green": start_clock_in(city.traffic, "报送公交线网优化调研报告", "green"),
        "water_red": start_clock_in(city.water, "报送水毁设施修复情况", "red"),
        "east_yellow": start_clock_in(city.east_street, "报送背街小巷整治情况", "yellow"),
    }


def test_liaison_sees_exactly_the_clocks_of_their_unit_and_below(client, city, make_user, clocks):
    liaison = make_user("liaison", city.traffic)
    client.force_login(liaison)
    html = client.get("/").content.decode()
    red, yellow, green = section(html, "red"), section(html, "yellow"), section(html, "green")
    assert "报送第三季度重点工作进展" in red
    assert "报送国省道养护情况" in yellow  # 公路科 lies below 交通局
    assert "报送公交线网优化调研报告" in green
    assert "报送水毁设施修复情况" not in html  # 水利局's overdue item is not theirs
    assert "报送背街小巷整治情况" not in html
    assert (stat(html, "red"), stat(html, "yellow"), stat(html, "green")) == (1, 1, 1)


def test_overdue_item_has_red_light_unit_and_overdue_working_days(client, city, make_user, clocks):
    liaison = make_user("liaison", city.traffic)
    client.force_login(liaison)
    red = section(client.get("/").content.decode(), "red")
    item = red[red.index(f'data-clock="{clocks["traffic_red"].pk}"'):]
    item = item[:item.index("</li>")]
    assert 'class="light light-red' in item
    assert "市交通局" in item
    assert re.search(r"已逾期 \d+ 个工作日", item)
    assert "截止 " in item


def test_unit_staff_sees_only_their_own_unit(client, city, make_user, clocks):
    staff = make_user("unit_staff", city.traffic_road)
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert "报送国省道养护情况" in html
    assert "报送第三季度重点工作进展" not in html


def test_office_wide_user_sees_counts_per_light_across_all_units(client, city, make_user, clocks):
    supervisor = make_user("supervisor", city.office)
    client.force_login(supervisor)
    html = client.get("/").content.decode()
    assert (stat(html, "red"), stat(html, "yellow"), stat(html, "green")) == (2, 2, 1)
    board = html[html.index('id="zs-unit-board"'):]
    board = board[:board.index("</section>")]
    for name in ("市交通局", "市水利局", "公路科", "东湖街道"):
        assert name in board


def test_finished_clocks_are_not_listed(client, city, make_user, clocks):
    from zhongshu.clocks import engine

    engine.complete(clocks["traffic_red"])
    liaison = make_user("liaison", city.traffic)
    client.force_login(liaison)
    html = client.get("/").content.decode()
    assert "报送第三季度重点工作进展" not in html
    assert stat(html, "red") == 0


def test_paused_clock_is_listed_apart_without_a_light(client, city, make_user, clocks):
    from zhongshu.clocks import engine

    liaison = make_user("liaison", city.traffic)
    assert 'id="zs-section-none"' not in (client.force_login(liaison) or client.get("/").content.decode())
    engine.pause(clocks["traffic_green"], "等待省厅批复", liaison)
    html = client.get("/").content.decode()
    paused = section(html, "none")
    assert "报送公交线网优化调研报告" in paused and "已挂起" in paused
    assert "light-none" in paused
    assert "报送公交线网优化调研报告" not in section(html, "green")
    assert (stat(html, "red"), stat(html, "yellow"), stat(html, "green")) == (1, 1, 0)


def test_admin_only_user_sees_admin_shortcuts_instead_of_work(client, city, make_user, clocks):
    admin = make_user("sysadmin", city.office)
    client.force_login(admin)
    html = client.get("/").content.decode()
    assert "负责系统运行" in html
    from zhongshu.web.nav import menus

    shortcuts = [url for menu in menus(admin) for _label, url in menu.items]
    assert shortcuts  # the sysadmin has admin pages (units, users, calendar …)
    for url in shortcuts:
        assert f'href="{url}"' in html
    assert "zs-section-red" not in html
    assert "报送水毁设施修复情况" not in html


def test_notices_latest_ten_unread_first(client, city, make_user):
    from zhongshu.notify import send
    from zhongshu.notify.inbox import mark_read
    from zhongshu.notify.models import Notice

    liaison = make_user("liaison", city.traffic)
    for i in range(12):
        send([liaison], title=f"通知第{i:02d}号", body="")
    oldest = Notice.objects.filter(recipient=liaison).order_by("created_at", "id").first()
    newest_ids = list(Notice.objects.filter(recipient=liaison).order_by("-created_at", "-id")
                      .values_list("pk", flat=True)[:3])
    for pk in newest_ids:
        mark_read(liaison, pk)
    client.force_login(liaison)
    html = client.get("/").content.decode()
    panel = html[html.index('id="zs-notices"'):]
    panel = panel[:panel.index("</section>")]
    titles = re.findall(r"通知第(\d\d)号", panel)
    assert len(titles) == 10
    # the 9 unread first (newest first: 08 … 00), then the newest read one (11)
    assert titles == ["08", "07", "06", "05", "04", "03", "02", "01", "00", "11"]
    assert oldest.title in panel
    assert panel.count("notice-unread") == 9


def test_home_query_count_does_not_grow_with_items(client, city, make_user, start_clock_in,
                                                   django_assert_max_num_queries, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhongshu.notify import send

    # keep the per-process caches (calendar, ladders) from expiring in the middle of the measurement
    monkeypatch.setattr("zhongshu.workcal.calc._TTL_SECONDS", 3600)
    monkeypatch.setattr("zhongshu.clocks.schedule._TTL", 3600.0)
    supervisor = make_user("supervisor", city.office)
    client.force_login(supervisor)

    def add(n, offset):
        for unit in (city.traffic, city.traffic_road, city.water):
            for i in range(offset, offset + n):
                for light in ("red", "yellow", "green"):
                    start_clock_in(unit, f"{unit.short_name}事项{i}{light}", light)
        for i in range(n):
            send([supervisor], title=f"消息{offset + i}", body="")

    add(1, 0)
    client.get("/")  # warm the per-process caches (calendar, ladders, content types)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    add(12, 1)
    # 17 for notices and clocks, 8 for the 待办 counts of a 督查员 (6 督查督办 lists, 2 批示 filters)
    with django_assert_max_num_queries(25):
        response = client.get("/")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert stat(response.content.decode(), "red") == 3 * 13


def test_timing_words_come_from_the_clock_engine(city, clocks):
    from zhongshu.clocks.lights import light_title
    from zhongshu.web.dashboard import timing_text

    now = timezone.now()
    clock = clocks["traffic_red"]
    assert timing_text(clock, now) == light_title(clock, now)


def test_item_links_to_its_target_record_when_it_has_a_page(client, city, make_user, clocks, monkeypatch):
    from zhongshu.org.models import OrgUnit

    monkeypatch.setattr(OrgUnit, "get_absolute_url", lambda self: f"/org/units/{self.pk}/", raising=False)
    liaison = make_user("liaison", city.traffic)
    client.force_login(liaison)
    red = section(client.get("/").content.decode(), "red")
    assert f'<a href="/org/units/{city.traffic.pk}/">报送第三季度重点工作进展</a>' in red


def test_an_unread_催办_stays_on_top_of_a_day_of_other_notices(city, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.notify import send
    from zhongshu.notify.models import Notice
    from zhongshu.web.dashboard import latest_notices

    liaison = make_user("liaison", city.traffic)
    send([liaison], title="【催办】人民路积水点整治", body="", kind="clock.remind")
    send([liaison], title="【督办】人民路积水点整治", body="", kind="supervision.escalate")
    Notice.objects.filter(recipient=liaison).update(created_at=timezone.now() - timedelta(days=2))
    for i in range(12):
        send([liaison], title=f"【交办】事项{i}", body="", kind="supervision.assign")
    titles = [n.title for n in latest_notices(liaison)]
    assert titles[:2] == ["【督办】人民路积水点整治", "【催办】人民路积水点整治"] and len(titles) == 10
    Notice.objects.filter(recipient=liaison, kind="clock.remind").update(read_at=timezone.now())
    assert "【催办】人民路积水点整治" not in [n.title for n in latest_notices(liaison)]   # read: back in its place


def test_notice_opens_through_the_inbox_so_it_is_marked_read(client, city, make_user):
    from zhongshu.notify import send
    from zhongshu.notify.models import Notice

    liaison = make_user("liaison", city.traffic)
    send([liaison], title="【催办】报送材料", body="", link="/")
    notice = Notice.objects.get(recipient=liaison)
    client.force_login(liaison)
    html = client.get("/").content.decode()
    assert f'href="/notify/inbox/{notice.pk}/open/"' in html
    client.get(f"/notify/inbox/{notice.pk}/open/")
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_item_without_a_target_page_links_to_its_clock_page(client, city, make_user, clocks):
    liaison = make_user("liaison", city.traffic)
    client.force_login(liaison)
    red = section(client.get("/").content.decode(), "red")
    url = f'/clocks/{clocks["traffic_red"].pk}/'
    assert f'<a href="{url}">报送第三季度重点工作进展</a>' in red
    assert client.get(url).status_code == 200
