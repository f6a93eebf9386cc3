"""The 工作台's 待办: what waits for the signed-in user's own next step, from every installed app.

An app offers to-dos with a module `<app>/todo.py` holding

    def items(user) -> list[Todo]     # only steps this user may take; a bounded number of queries

Each Todo counts the records waiting and links to the app's list filtered to exactly those
records (the app applies the same condition to count and to filter, so the number and the list
agree). Empty to-dos are left out; a provider that raises is logged and skipped, like the menus.
"""

from __future__ import annotations

from dataclasses import dataclass

from .hooks import app_functions, results


@dataclass(frozen=True)
class Todo:
    label: str      # e.g. 收文待登记
    count: int
    url: str        # the list of just these records


def todos(user) -> list[Todo]:
    if user is None or not user.is_authenticated:
        return []
    return [t for _label, found in results(app_functions("todo", "items"), user, "待办") for t in found if t.count]
