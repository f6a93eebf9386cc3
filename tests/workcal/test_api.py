"""GET /api/v1/workcal/…: typed answers, the fallback note, Chinese 422s."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client_for):
    return client_for("liaison")


def test_add_working_days(api):
    r = api.get("/api/v1/workcal/add", {"date": "2026-09-30", "days": 2})
    assert r.status_code == 200
    assert r.json() == {"date": "2026-10-09", "explanation": "2026-09-30 + 2 个工作日 = 2026-10-09：跳过国庆节 10月1日–7日",
                        "fallback_years": [], "fallback_note": ""}


def test_add_calendar_days(api):
    r = api.get("/api/v1/workcal/add", {"date": "2026-09-30", "days": 2, "unit": "calendar_days"})
    assert r.json()["date"] == "2026-10-02"


def test_year_without_data_is_flagged(api):
    body = api.get("/api/v1/workcal/add", {"date": "2026-12-30", "days": 5}).json()
    assert body["date"] == "2027-01-06"
    assert body["fallback_years"] == [2027]
    assert body["fallback_note"] == "2027 年尚无法定节假日安排，按周一至周五计算"
    year = api.get("/api/v1/workcal/days/2027").json()
    assert year == {"year": 2027, "arranged": False, "source": "", "days": [],
                    "fallback_note": "2027 年尚无法定节假日安排，按周一至周五计算"}


def test_between_and_year_exceptions(api):
    assert api.get("/api/v1/workcal/between", {"start": "2026-02-13", "end": "2026-03-02"}).json()["count"] == 7
    year = api.get("/api/v1/workcal/days/2026").json()
    assert year["arranged"] is True and year["source"] == "chinese-calendar"
    assert {"date": "2026-10-10", "kind": "work", "name": "国庆节"} in year["days"]
    assert sum(1 for d in year["days"] if d["kind"] == "off") == 33


def test_bad_input_is_422_in_chinese(api):
    r = api.get("/api/v1/workcal/add", {"date": "2026-02-30", "days": 2})
    assert r.status_code == 422
    assert "日期“2026-02-30”无效" in r.json()["message"]
    r = api.get("/api/v1/workcal/add", {"date": "2026-09-30", "days": 20000})
    assert r.status_code == 422 and "超出范围" in r.json()["message"]
    r = api.get("/api/v1/workcal/add", {"date": "2026-09-30", "days": "x"})
    assert r.status_code == 422 and "须为整数" in r.json()["message"]
    assert api.get("/api/v1/workcal/days/3000").status_code == 422


def test_anonymous_callers_are_refused(client, db):
    assert client.get("/api/v1/workcal/add", {"date": "2026-09-30", "days": 2}).status_code == 401
