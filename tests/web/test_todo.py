"""The 工作台's 待办 collector (web.todo): apps' to-dos with a count, empty ones left out, and a
provider that fails is skipped without breaking the page."""

from __future__ import annotations

import pytest

from zhongshu.web import todo as todo_module
from zhongshu.web.todo import Todo, todos

pytestmark = pytest.mark.django_db


def test_empty_todos_are_left_out_and_a_broken_provider_is_skipped(city, make_user, monkeypatch, caplog):
    user = make_user("supervisor", city.office)

    def broken(_user):
        raise RuntimeError("boom")

    providers = (("甲", lambda u: [Todo("待审核", 2, "/a/"), Todo("待归档", 0, "/b/")]), ("乙", broken))
    monkeypatch.setattr(todo_module, "app_functions", lambda module, name: providers)
    assert todos(user) == [Todo("待审核", 2, "/a/")]
    assert "待办生成失败：乙" in caplog.text


def test_the_apps_offer_their_todos():
    from zhongshu.web.hooks import app_functions

    offered = {label for label, _func in app_functions("todo", "items")}
    assert {"公文", "领导批示", "会议"} <= offered, offered
