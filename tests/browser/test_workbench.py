"""A 联络员 logs in through the real login page, sees an overdue item with its red light on the
工作台, and finds the 催办 reminder the sweeper sent in 消息. The pages fit at 1366×768 and 375×812."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

TITLE = "报送2026年第三季度重点工作进展"

# live_server needs committed data (transactional tests); the `seeded` fixture puts back what the
# migrations seeded (the statutory calendar, the escalation ladders) after an earlier flush.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue_world(seeded, city, make_user, password):
    """交通局's liaison and leader; an overdue clock for 交通局 (and one for 水利局); the sweeper run
    at a working moment two working days after the due day, so the 催办 rung has fired."""
    from zhongshu.clocks.engine import start_clock
    from zhongshu.clocks.limits import Limit
    from zhongshu.workcal.calc import get_calendar

    liaison = make_user("liaison", city.traffic, username="jt_liaison", password=password, full_name="赵敏")
    make_user("unit_leader", city.traffic, username="jt_leader", password=password, full_name="孙伟")
    make_user("liaison", city.water, username="sl_liaison", password=password, full_name="吴刚")
    started = timezone.now() - timedelta(days=30)
    clock = start_clock(city.traffic, kind="test.report", unit=city.traffic, title=TITLE,
                        limit=Limit.calendar_days(10), started_at=started)
    start_clock(city.water, kind="test.report", unit=city.water, title="报送水毁设施修复情况",
                limit=Limit.calendar_days(10), started_at=started)
    start_clock(city.traffic, kind="test.report", unit=city.traffic, title="报送公交线网优化调研报告",
                limit=Limit.calendar_days(60), started_at=timezone.now())
    cal = get_calendar()
    due_day = timezone.localtime(clock.due_at, cal.tz).date()
    sweep_at = datetime.combine(cal.add_workdays(due_day, 2).value, time(10, 0), cal.tz)
    call_command("sweep", "--now", sweep_at.isoformat())
    return liaison


def test_liaison_sees_red_light_and_the_reminder(live_server, new_page, shot, login, overdue_world):
    page = new_page(1366, 768)
    login(page, live_server.url, "jt_liaison")

    item = page.locator("li.zs-clock", has_text=TITLE)
    assert item.count() == 1
    assert item.locator(".light.light-red").count() == 1
    assert "已逾期" in item.inner_text()
    assert page.locator("#zs-section-red").get_by_text(TITLE).is_visible()
    assert page.get_by_text("报送水毁设施修复情况").count() == 0  # another unit's item
    shot(page, "workbench-liaison-1366")

    assert page.locator("#zs-notices").get_by_text(f"【催办】{TITLE}").is_visible()
    page.locator("#zs-inbox-link").click()
    page.wait_for_url("**/notify/inbox/**")
    reminder = page.get_by_text(f"【催办】{TITLE}")
    assert reminder.count() >= 1
    assert reminder.first.is_visible()
    shot(page, "inbox-liaison-1366")


@pytest.mark.parametrize("width,height", [(1366, 768), (375, 812)])
def test_login_and_workbench_fit_the_screen(live_server, new_page, shot, login, overflow, overdue_world,
                                           width, height):
    page = new_page(width, height)
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator("#id_username").is_visible()
    assert overflow(page) <= 0
    shot(page, f"login-{width}")

    login(page, live_server.url, "jt_liaison")
    assert page.locator("li.zs-clock", has_text=TITLE).is_visible()
    assert overflow(page) <= 0
    # the styles really loaded: the red light is a red dot, not an empty inline box
    color = page.locator("li.zs-clock .light-red").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(200, 16, 46)"
    shot(page, f"workbench-{width}")
    if width < 992:  # phone: the menu collapses behind the toggler and opens on tap
        page.locator(".navbar-toggler").click()
        page.locator("#zs-nav.collapse.show").wait_for(state="visible")
        page.locator("#zs-user-menu").click()
        page.get_by_text("退出登录").wait_for(state="visible")
        assert overflow(page) <= 0
        shot(page, f"workbench-{width}-menu")
