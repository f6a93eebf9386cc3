from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhongshu.audit"
    label = "audit"
    verbose_name = "全程留痕"

    def ready(self):
        from .signals import connect_all

        connect_all()
