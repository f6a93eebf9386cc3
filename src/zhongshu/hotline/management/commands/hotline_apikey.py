"""zhongshu hotline_apikey create NAME [--channel api] | hotline_apikey list | hotline_apikey revoke NAME

Open311 api_keys of the systems that file 12345 tickets. The key is printed once at creation;
only its SHA-256 is stored (a lost key cannot be shown again: revoke it and create another).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.context import acting_as
from zhongshu.hotline.choices import Channel
from zhongshu.hotline.models import ApiClient
from zhongshu.hotline.open311.keys import create_client


class Command(BaseCommand):
    help = "管理 12345 热线 Open311 接入密钥：create 生成、list 列出、revoke 停用"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        create = sub.add_parser("create", help="为接入系统生成密钥（只显示一次）")
        create.add_argument("name")
        create.add_argument("--channel", default=Channel.API, help="来源渠道（默认 api）")
        sub.add_parser("list", help="列出接入系统")
        revoke = sub.add_parser("revoke", help="停用接入系统的密钥")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        with acting_as(None, label="命令行", channel="cli"):
            getattr(self, f"do_{action}")(**options)

    def do_create(self, name, channel, **_):
        name = name.strip()
        if not name:
            raise CommandError("请填写接入系统名称")
        if channel not in Channel.values:
            raise CommandError(f"来源渠道不正确：{channel}（可选：{'、'.join(Channel.values)}）")
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(f"接入系统已存在：{name}（如需换密钥，请先停用后用新名称创建）")
        client, key = create_client(name, channel=channel)
        self.stdout.write(key)
        self.stderr.write(f"已为“{client.name}”生成 Open311 密钥（末四位 {client.key_hint}）。密钥只显示这一次，请妥善保存。")

    def do_list(self, **_):
        clients = ApiClient.objects.order_by("name")
        if not clients:
            self.stdout.write("（没有接入系统）")
        for c in clients:
            self.stdout.write(f"{c.name}\t…{c.key_hint}\t{c.get_channel_display()}\t{'启用' if c.active else '已停用'}")

    def do_revoke(self, name, **_):
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"接入系统不存在：{name}")
        if not client.active:
            self.stdout.write(f"“{name}”的密钥已停用")
            return
        client.active = False
        client.save()
        self.stdout.write(f"已停用“{name}”的密钥")
