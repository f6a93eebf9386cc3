"""Menu entries of the audit trail: only the 审计管理员 reads it (三员分立)."""

from __future__ import annotations


def items(user) -> list[tuple[str, str]]:
    from zhongshu.org.roles import Role

    if user is not None and user.is_authenticated and user.has_role(Role.AUDITADMIN):
        return [("审计", "/audit/")]
    return []
