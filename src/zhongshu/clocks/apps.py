from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "zhongshu.clocks"
    label = "clocks"
    verbose_name = "时限与督促"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Ladder, Rung
        from .schedule import invalidate_ladders

        for model in (Ladder, Rung):
            post_save.connect(invalidate_ladders, sender=model, dispatch_uid=f"clocks-ladders-{model.__name__}")
            post_delete.connect(invalidate_ladders, sender=model, dispatch_uid=f"clocks-ladders-del-{model.__name__}")
