from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    label = "documents"
    verbose_name = "公文"

    def ready(self):
        from zhongshu.clocks import hooks

        # reminders of a 收文's 承办 clock lead to the document
        hooks.register_link("documents", lambda clock: f"/documents/incoming/{clock.object_id}/")
