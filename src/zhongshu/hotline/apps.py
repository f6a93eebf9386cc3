from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "zhongshu.hotline"
    label = "hotline"
    verbose_name = "12345 热线"

    def ready(self):
        from zhongshu.clocks import hooks

        hooks.register_link("hotline.", _ticket_link)
        from .training import retrain_job

        hooks.register_job("热线智能分类模型", retrain_job)
        from .kpi import refresh_job

        hooks.register_job("热线考核日汇总", refresh_job)
        from .intake_queue import drain_job

        hooks.register_job("Open311 受理队列", drain_job)


def _ticket_link(clock) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("hotline:ticket", args=[clock.object_id])
    except NoReverseMatch:
        return ""
