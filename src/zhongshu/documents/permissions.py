"""Who may use the draft checks: every working role (they store nothing). The three separated
administrators (三员) run the system and do not draft documents."""

from __future__ import annotations

from zhongshu.org.roles import ADMIN_ROLES


def may_check(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.role_set - ADMIN_ROLES))


REFUSED = "拟稿检查供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文"
