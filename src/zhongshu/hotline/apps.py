from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "zhongshu.hotline"
    label = "hotline"
    verbose_name = "12345 热线"

    def ready(self):
        from zhongshu.clocks import hooks

        hooks.register_link("hotline", _ticket_link)
        from .training import retrain_job

        hooks.register_job("热线智能分类模型", retrain_job)
        from .kpi import refresh_job

        hooks.register_job("热线考核日汇总", refresh_job)
        from .intake_queue import drain_job

        hooks.register_job("Open311 受理队列", drain_job)
        from django.db.models.signals import post_delete, post_save

        from .models import ApiClient, Category
        from .open311.keys import clients
        from .open311.views import active_categories

        for model, cached in ((ApiClient, clients), (Category, active_categories)):
            post_save.connect(cached.clear, sender=model, dispatch_uid=f"open311-{model.__name__}")
            post_delete.connect(cached.clear, sender=model, dispatch_uid=f"open311-{model.__name__}-delete")


def _ticket_link(clock) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("hotline:ticket", args=[clock.object_id])
    except NoReverseMatch:
        return ""
