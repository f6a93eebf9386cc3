"""The clock page (scoped: another unit's clock is a 404) and the ladder page, in Chinese."""

from __future__ import annotations

from datetime import date

from clocks_time import at

from zhongshu.clocks import Limit, extend, sweep


def test_clock_page_explains_due_date_and_history(client, make_clock, staff):
    clock = make_clock(Limit.workdays(2), started_at=at(2026, 9, 30, 10))
    extend(clock, new_due=date(2026, 10, 16), approved_by=staff.head, reason="需省厅批复", at=at(2026, 10, 8))
    client.force_login(staff.liaison)
    page = client.get(f"/clocks/{clock.pk}/").content.decode()
    assert "国庆节" in page
    assert "需省厅批复" in page and "延期" in page
    assert "light light-" in page


def test_other_units_clock_is_404(client, make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    client.force_login(staff.water_clerk)
    assert client.get(f"/clocks/{clock.pk}/").status_code == 404
    client.force_login(staff.supervisor)
    assert client.get(f"/clocks/{clock.pk}/").status_code == 200


def test_clock_page_lists_reminders(client, make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    sweep(now=at(2026, 3, 12, 9))
    client.force_login(staff.leader)
    page = client.get(f"/clocks/{clock.pk}/").content.decode()
    assert "催办（第 2 次）" in page  # 03-12: the second 催办 (the first was missed while nobody swept)
    assert "预警" in page


def test_ladder_page_in_chinese(client, staff):
    client.force_login(staff.supervisor)
    page = client.get("/clocks/ladders/").content.decode()
    assert "默认催督办规则" in page
    assert "到期前 2 个工作日" in page
    assert "逾期后 1 个工作日起，每 2 个工作日重复" in page
    assert "单位联络员、单位领导" in page
