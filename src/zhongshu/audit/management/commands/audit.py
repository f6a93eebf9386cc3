"""`zhongshu audit verify | prune | show`: check, prune and read the audit trail."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhongshu.core.context import acting_as


class Command(BaseCommand):
    help = "审计链：verify 校验，prune 清理过期记录，show 查看记录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        verify = sub.add_parser("verify", help="校验审计链（逐条重算哈希，检查缺失与插入）")
        verify.add_argument("--batch", type=int, default=5000, help="每批读取条数")
        sub.add_parser("prune", help="清理超过保留期（ZHONGSHU_AUDIT_RETENTION_DAYS，至少 180 天）的记录")
        show = sub.add_parser("show", help="查看最近的审计记录")
        show.add_argument("--last", type=int, default=20, help="显示最近 N 条（默认 20）")
        show.add_argument("--seq", type=int, help="只显示第 N 条")
        show.add_argument("--request-id", help="只显示某个请求的记录")

    def handle(self, *args, sub, **options):
        if sub == "verify":
            return self.verify(options["batch"])
        if sub == "prune":
            return self.prune()
        return self.show(options)

    def verify(self, batch):
        from zhongshu.audit.verification import verify

        result = verify(batch=max(100, batch))
        if result.ok:
            self.stdout.write(result.message)
            if result.head_hash:
                self.stdout.write(f"链头哈希（SM3）：{result.head_hash}")
            return
        self.stderr.write(result.message)
        sys.exit(1)

    def prune(self):
        from zhongshu.audit.verification import prune
        from zhongshu.core.errors import UserError

        try:
            with acting_as(None, label="审计清理（命令行）", channel="cli"):
                result = prune()
        except UserError as exc:
            raise CommandError(exc.message)
        self.stdout.write(result.message)

    def show(self, options):
        from zhongshu.audit.display import change_lines
        from zhongshu.audit.models import AuditRecord

        qs = AuditRecord.objects.select_related("content_type").order_by("-seq")
        if options.get("seq"):
            qs = qs.filter(seq=options["seq"])
        if options.get("request_id"):
            qs = qs.filter(request_id=options["request_id"])
        records = list(qs[: max(1, options["last"])])
        if not records:
            self.stdout.write("没有审计记录")
            return
        for r in reversed(records):
            when = timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S")
            target = f" · {r.object_repr}" if r.object_repr else ""
            self.stdout.write(f"第 {r.seq} 条  {when}  {r.actor_label or '系统'}  {r.get_action_display()}{target}"
                              f"{'  ' + r.note if r.note else ''}  [{r.get_channel_display()} {r.ip or '-'} {r.request_id}]")
            for line in change_lines(r):
                self.stdout.write(f"    {line['label']}：{line['before']} → {line['after']}")
