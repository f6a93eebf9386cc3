from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    label = "documents"
    verbose_name = "公文"

    def ready(self):
        from zhongshu.clocks import hooks

        # reminders of a 收文's 承办 clock lead to the document
        hooks.register_link("documents", lambda clock: f"/documents/incoming/{clock.object_id}/")
        # a 会签 clock is on the unit's Countersign row: its page leads to the 发文
        hooks.register_link("documents.countersign", lambda clock: f"/documents/outgoing/countersign/{clock.object_id}/")
        from .searching import register

        register()
