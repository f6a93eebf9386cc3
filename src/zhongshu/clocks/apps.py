from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "zhongshu.clocks"
    label = "clocks"
    verbose_name = "时限与督促"
