"""zhongshu token create USERNAME [--name 用途] [--days N] | token list [USERNAME] | token revoke PREFIX

The key is printed once at creation; only its SHA-256 is stored, so a lost key cannot be shown
again (revoke it and create a new one).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhongshu.core.context import acting_as
from zhongshu.org.models import ApiToken
from zhongshu.org.tokens import create_token


class Command(BaseCommand):
    help = "管理接口令牌：create 生成、list 列出、revoke 吊销"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        create = sub.add_parser("create", help="为用户生成令牌（只显示一次）")
        create.add_argument("username")
        create.add_argument("--name", default="", help="用途说明")
        create.add_argument("--days", type=int, default=None, help="有效天数（默认不过期）")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        with acting_as(None, label="命令行", channel="cli"):
            getattr(self, f"do_{action}")(**options)

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if not user.is_active:
            raise CommandError(f"用户已停用：{username}")
        return user

    def do_create(self, username, name, days, **_):
        user = self._user(username)
        if days is not None and days <= 0:
            raise CommandError("有效天数须为正整数")
        expires = timezone.now() + timedelta(days=days) if days else None
        token, key = create_token(user, name=name, expires_at=expires)
        self.stdout.write(key)
        until = timezone.localtime(expires).strftime("%Y-%m-%d %H:%M") if expires else "长期有效"
        self.stderr.write(f"已为 {user.username} 生成令牌（前缀 {token.prefix}，{until}）。令牌只显示这一次，请妥善保存。")

    def do_list(self, username=None, **_):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            tokens = tokens.filter(user=self._user(username))
        now = timezone.now()
        for t in tokens:
            if t.revoked_at:
                state = "已吊销"
            elif t.expires_at and t.expires_at <= now:
                state = "已过期"
            else:
                state = "有效"
            expires = timezone.localtime(t.expires_at).strftime("%Y-%m-%d") if t.expires_at else "长期"
            used = timezone.localtime(t.last_used_at).strftime("%Y-%m-%d %H:%M") if t.last_used_at else "从未使用"
            self.stdout.write(f"{t.prefix}\t{t.user.username}\t{t.name or '-'}\t{state}\t到期 {expires}\t最近使用 {used}")

    def do_revoke(self, prefix, **_):
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not matches:
            raise CommandError(f"没有前缀为 {prefix} 的有效令牌")
        if len(matches) > 1:
            raise CommandError(f"前缀 {prefix} 对应多个令牌，请用 token list 核对")
        token = matches[0]
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        self.stdout.write(f"已吊销令牌 {prefix}（{token.user.username}）")
