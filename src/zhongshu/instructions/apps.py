from django.apps import AppConfig


class InstructionsConfig(AppConfig):
    name = "zhongshu.instructions"
    label = "instructions"
    verbose_name = "领导批示"
