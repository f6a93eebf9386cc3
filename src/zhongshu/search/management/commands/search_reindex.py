"""zhongshu search_reindex [--kind 批示]: rebuild the search entries of every registered record (after
an import that bypassed the models, or when a new kind is registered on existing data)."""

from django.core.management.base import BaseCommand

from zhongshu.search.registry import providers, reindex


class Command(BaseCommand):
    help = "重建全文检索条目"

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="", help="只重建这一类（收文、发文、批示、纪要……）")

    def handle(self, *args, kind="", **options):
        for p in providers():
            if kind and p.kind != kind:
                continue
            n = reindex(p.model)
            self.stdout.write(f"{p.kind}：{n} 条")
