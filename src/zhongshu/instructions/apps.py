from django.apps import AppConfig


class InstructionsConfig(AppConfig):
    name = "zhongshu.instructions"
    label = "instructions"
    verbose_name = "领导批示"

    def ready(self):
        from zhongshu.clocks import hooks

        hooks.register_link("instructions", lambda clock: f"/instructions/rounds/{clock.object_id}/")
        from .searching import register

        register()
