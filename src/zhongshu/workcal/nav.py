"""Menu entries of the calendar module for the page frame."""

from __future__ import annotations

from zhongshu.org.roles import Role


def items(user) -> list[tuple[str, str]]:
    """[(label, url)]: the calendar administration, for 系统管理员 only.
    (The calculator at /workcal/calculator/ is open to everyone signed in; it is linked from the
    calendar pages.)"""
    if user is None or not user.is_authenticated or not user.has_role(Role.SYSADMIN):
        return []
    return [("工作日历", "/workcal/")]
