"""`zhongshu demo`: load the fictional city 示例市 (units, people, deadline clocks).

Idempotent: every record is found or created by its natural key (unit code, username, clock
title on its target), so running it twice changes nothing. Existing passwords are never
reset. Demo accounts share one password that satisfies the password policy; they are marked
so that it never expires (password_changed_at far in the future) — only these accounts, the
policy for everyone else is untouched. Prints the accounts and the password at the end.

The data itself is in zhongshu.core.management.demo_data; the clocks part runs only when the deadline
engine is installed (see management.demo_clocks).
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhongshu.core.context import acting_as
from zhongshu.core.management.demo_data import DEMO_PASSWORD, load_people, load_units


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def table(rows: list[list[str]]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "载入演示数据：示例市的单位、人员和督办时限（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不打印演示账号表")

    def handle(self, *args, quiet=False, **options):
        try:
            validate_password(DEMO_PASSWORD)
        except ValidationError as exc:
            raise CommandError("演示密码不符合密码规则：" + "；".join(exc.messages))
        with acting_as(None, label="演示数据", channel="cli"), transaction.atomic():
            units, new_units = load_units()
            people, new_people = load_people(units)
        clock_summary = ""
        from zhongshu.core.management.demo_clocks import load_clocks

        with acting_as(None, label="演示数据", channel="cli"):
            clock_summary = load_clocks(units, people)
        self.stdout.write(self.style.SUCCESS(
            f"示例市演示数据已就绪：单位 {len(units)} 个（本次新建 {new_units}），"
            f"账号 {len(people)} 个（本次新建 {new_people}）。"))
        if clock_summary:
            self.stdout.write(clock_summary)
        if quiet:
            return
        rows = [["用户名", "姓名", "单位", "角色"]]
        for user in people.values():
            rows.append([user.username, user.full_name, user.unit.short_name, "、".join(user.role_labels())])
        self.stdout.write("")
        self.stdout.write(table(rows))
        self.stdout.write("")
        self.stdout.write(f"以上演示账号的初始密码均为：{DEMO_PASSWORD}")
