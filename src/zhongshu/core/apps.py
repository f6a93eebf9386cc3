from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhongshu.core"
    label = "core"
    verbose_name = "公共"
