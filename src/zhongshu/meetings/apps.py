from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhongshu.meetings"
    label = "meetings"
    verbose_name = "会议"

    def ready(self):
        from zhongshu.clocks import hooks

        # reminders of a 传达 clock (meetings.relay, meetings.relay_report) lead to the unit's 传达 page
        hooks.register_link("meetings", lambda clock: f"/meetings/relays/{clock.object_id}/")
        from .searching import register

        register()  # an issued 纪要 is found by the search across 公文, 批示 and 纪要
