"""The 工作台's 待办: what waits for the signed-in user's own next step, from every installed app.

An app offers to-dos with a module `<app>/todo.py` holding

    def items(user) -> list[Todo]     # only steps this user may take; a bounded number of queries

Each Todo counts the records waiting and links to the app's list filtered to exactly those
records (the app applies the same condition to count and to filter, so the number and the list
agree). Empty to-dos are left out; a provider that raises is logged and skipped, like the menus.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .hooks import app_functions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Todo:
    label: str      # e.g. 收文待登记
    count: int
    url: str        # the list of just these records


def todos(user) -> list[Todo]:
    if user is None or not user.is_authenticated:
        return []
    found = []
    for label, func in app_functions("todo", "items"):
        try:
            found += [t for t in (func(user) or ()) if t.count]
        except Exception:  # noqa: BLE001 - a broken to-do must not break the 工作台
            log.exception("待办生成失败：%s", label)
    return found
