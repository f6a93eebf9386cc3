"""The page frame: module menus from each app's nav.py, unread badge, user menu, error pages."""

from __future__ import annotations

import pytest
from django.test import override_settings

from zhongshu.web import nav


@pytest.fixture
def liaison(city, make_user):
    return make_user("liaison", city.traffic, username="jt_liaison", full_name="赵敏")


def login(client, user):
    client.force_login(user)


def test_frame_shows_name_unit_roles_and_logout(client, liaison):
    login(client, liaison)
    html = client.get("/").content.decode()
    assert "赵敏" in html
    assert "市交通局" in html
    assert "单位联络员" in html
    assert "修改密码" in html
    assert "退出登录" in html


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_module_menus_come_from_each_apps_nav_and_follow_roles(client, city, make_user, monkeypatch):
    def fake_items(user):
        if user.has_role("supervisor"):
            return [("督查台账", "/supervision/ledger/"), ("立项", "/supervision/new/")]
        return [("我的任务", "/supervision/mine/")]

    monkeypatch.setattr(nav, "providers", lambda: (("督查督办", fake_items),))
    supervisor = make_user("supervisor", city.office)
    login(client, supervisor)
    html = client.get("/").content.decode()
    assert "督查督办" in html  # several entries: a dropdown titled with the app's name
    assert 'href="/supervision/ledger/"' in html and 'href="/supervision/new/"' in html
    assert "/supervision/mine/" not in html

    client.logout()
    liaison = make_user("liaison", city.traffic)
    login(client, liaison)
    html = client.get("/").content.decode()
    assert 'href="/supervision/mine/">我的任务<' in html
    assert "/supervision/ledger/" not in html


def test_a_broken_menu_provider_does_not_break_the_page(client, liaison, monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(nav, "providers", lambda: (("坏模块", broken), ("好模块", lambda u: [("好菜单", "/good/")])))
    login(client, liaison)
    response = client.get("/")
    assert response.status_code == 200
    assert "好菜单" in response.content.decode()


def test_a_menu_provider_with_malformed_entries_does_not_break_the_page(client, liaison, monkeypatch):
    monkeypatch.setattr(nav, "providers", lambda: (("坏模块", lambda u: [("只有名称",)]),
                                                   ("好模块", lambda u: [("好菜单", "/good/")])))
    login(client, liaison)
    response = client.get("/")
    assert response.status_code == 200
    assert "好菜单" in response.content.decode() and "只有名称" not in response.content.decode()


def test_every_installed_app_with_a_nav_module_provides_menus(db):
    """The collector finds exactly the zhongshu apps that ship a nav.py with an `items` function."""
    from pathlib import Path

    from django.apps import apps

    expected = {str(c.verbose_name) for c in apps.get_app_configs()
                if c.name.startswith("zhongshu.") and c.label != "web" and (Path(c.path) / "nav.py").exists()}
    found = {label for label, _func in nav.providers()}
    assert found == expected
    for _label, func in nav.providers():
        assert func.__name__ == "items" and func.__module__.endswith(".nav")


def test_unread_badge_counts_the_users_own_unread_notices(client, liaison, make_user, city):
    from zhongshu.notify import send

    other = make_user("liaison", city.water)
    send([liaison], title="请报送材料一", body="")
    send([liaison], title="请报送材料二", body="")
    send([other], title="别人的消息", body="")
    login(client, liaison)
    html = client.get("/").content.decode()
    assert 'id="zs-unread"' in html
    assert '>2</span>' in html.split('id="zs-unread"')[1][:80]


@override_settings(DEBUG=False)
def test_404_page_is_in_chinese(client, liaison):
    login(client, liaison)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回工作台" in html


def test_500_page_is_in_chinese():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "系统出错" in html


def test_403_page_is_in_chinese(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/x/"), PermissionDenied())
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
