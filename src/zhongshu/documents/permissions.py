"""Who may do what with 公文, decided here only:

- the draft checks and 排版: every working role (they store nothing); the three separated
  administrators (三员) run the system and do not draft documents;
- 取号 and 作废 in the 发文登记簿: the 文秘 (DOC_CLERK);
- reading the 发文登记簿: the 文秘, the 督查室 and the leaders (OFFICE_WIDE_ROLES).
"""

from __future__ import annotations

from zhongshu.org.roles import ADMIN_ROLES, DOCUMENT_ROLES, OFFICE_WIDE_ROLES


def may_check(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.role_set - ADMIN_ROLES))


REFUSED = "拟稿检查供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文"


def may_number(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_role(*DOCUMENT_ROLES))


def may_read_book(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and user.has_role(*(DOCUMENT_ROLES | OFFICE_WIDE_ROLES)))


BOOK_REFUSED = "发文登记簿供文秘、督查室和领导查看"
