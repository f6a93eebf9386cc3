"""Calendar pages: 系统管理员 only (others 403); edits take effect at once; the calculator is for all."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.workcal.calc import get_calendar
from zhongshu.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/workcal/", "/workcal/2026/", "/workcal/2027/", "/workcal/import/", "/workcal/day/2026-10-10/",
               "/workcal/2026/export/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_sysadmin_opens_every_page(client_for, url):
    assert client_for("sysadmin").get(url).status_code == 200


@pytest.mark.parametrize("role", ["supervisor", "liaison", "auditadmin", "secadmin", "city_leader"])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_other_roles_get_403(client_for, role, url):
    r = client_for(role).get(url)
    assert r.status_code == 403
    assert "仅限系统管理员" in r.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "liaison", "auditadmin"])
def test_other_roles_cannot_write(client_for, role):
    c = client_for(role)
    assert c.post("/workcal/day/2026-10-10/", {"kind": "normal"}).status_code == 403
    assert c.post("/workcal/new/", {"year": 2027, "mode": "empty"}).status_code == 403
    assert CalendarDay.objects.filter(date=date(2026, 10, 10)).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_anonymous_is_sent_to_login(client, db):
    r = client.get("/workcal/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_year_list_names_unarranged_years(client_for):
    html = client_for("sysadmin").get("/workcal/").content.decode()
    assert "未录入，按周一至周五计算" in html  # next year (2027) has no data
    assert "2026 年" in html


def test_year_grid_marks_holidays_and_make_up_days(client_for):
    html = client_for("sysadmin").get("/workcal/2026/").content.decode()
    assert 'class="wc-off"><a href="/workcal/day/2026-10-01/"' in html
    assert 'class="wc-work"><a href="/workcal/day/2026-10-10/"' in html and "班</span>" in html
    assert "国庆节</strong>：10月1日–7日放假" in html


def test_editing_a_day_changes_arithmetic(client_for, django_capture_on_commit_callbacks):
    c = client_for("sysadmin")
    assert get_calendar().add_workdays(date(2026, 10, 9), 1).value == date(2026, 10, 10)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/workcal/day/2026-10-10/", {"kind": "normal", "name": ""})
    assert r.status_code == 302
    assert not CalendarDay.objects.filter(date=date(2026, 10, 10)).exists()
    assert get_calendar().add_workdays(date(2026, 10, 9), 1).value == date(2026, 10, 12)
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/workcal/day/2026-10-12/", {"kind": "off", "name": "本市特别假日"})
    r = get_calendar().add_workdays(date(2026, 10, 9), 1)
    assert r.value == date(2026, 10, 13) and "本市特别假日" in r.explanation


def test_day_off_without_a_name_is_refused(client_for):
    r = client_for("sysadmin").post("/workcal/day/2026-10-12/", {"kind": "off", "name": ""})
    assert r.status_code == 400 and "请填写节日名称" in r.content.decode()
    assert not CalendarDay.objects.filter(date=date(2026, 10, 12)).exists()


def test_upload_good_file(client_for, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("2027安排.csv", "2027-01-01,off,元旦\n2027-02-07,班,春节\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for("sysadmin").post("/workcal/import/", {"file": upload})
    assert r.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "导入：2027安排.csv"
    assert get_calendar().is_workday(date(2027, 2, 7))


def test_upload_with_a_bad_line_shows_each_reason_and_changes_nothing(client_for):
    upload = SimpleUploadedFile("bad.csv", "2027-01-01,off,元旦\n2027-02-30,off,春节\n".encode())
    r = client_for("sysadmin").post("/workcal/import/", {"file": upload})
    assert r.status_code == 400
    html = r.content.decode()
    assert "导入被拒绝，未做任何修改" in html and "第 2 行：日期“2027-02-30”无效" in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_create_empty_year_then_edit_it(client_for, django_capture_on_commit_callbacks):
    c = client_for("sysadmin")
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post("/workcal/new/", {"year": 2027, "mode": "empty"}).status_code == 302
    assert get_calendar().has_arrangement(2027)
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/workcal/day/2027-10-01/", {"kind": "off", "name": "国庆节"})
    assert not get_calendar().is_workday(date(2027, 10, 1))


def test_export_is_the_import_format(client_for):
    r = client_for("sysadmin").get("/workcal/2026/export/")
    assert r["Content-Type"].startswith("text/csv")
    assert "2026-10-10,work,国庆节" in r.content.decode("utf-8-sig").splitlines()


@pytest.mark.parametrize("role", ["liaison", "supervisor", "sysadmin"])
def test_calculator_for_every_signed_in_user(client_for, role):
    c = client_for(role)
    html = c.get("/workcal/calculator/", {"mode": "workdays", "start": "2026-09-30", "days": 2}).content.decode()
    assert "2026年10月9日" in html and "跳过国庆节 10月1日–7日" in html
    html = c.get("/workcal/calculator/", {"mode": "workdays", "start": "2026-12-30", "days": 5}).content.decode()
    assert "2027 年尚无法定节假日安排" in html
    html = c.get("/workcal/calculator/", {"mode": "between", "start": "2026-02-13", "end": "2026-03-02"}).content.decode()
    assert "共 7 个工作日" in html
    html = c.get("/workcal/calculator/", {"mode": "workdays", "start": "2026-02-30", "days": 2}).content.decode()
    assert "日期“2026-02-30”无效" in html


def test_nav_items_only_for_sysadmin(city, make_user):
    from zhongshu.workcal.nav import items

    assert items(make_user("sysadmin", city.office)) == [("工作日历", "/workcal/")]
    assert items(make_user("liaison", city.traffic)) == []


def test_web_import_records_the_administrator(city, make_user, client):
    audit = pytest.importorskip("zhongshu.audit")
    admin = make_user("sysadmin", city.office)
    client.force_login(admin)
    upload = SimpleUploadedFile("2027.csv", b"2027-01-01,off,\xe5\x85\x83\xe6\x97\xa6\n")
    assert client.post("/workcal/import/", {"file": upload}).status_code == 302
    entry = audit.history_for(CalendarYear.objects.get(year=2027)).filter(action="import").first()
    assert entry.actor_id == admin.pk and entry.channel == "web"
