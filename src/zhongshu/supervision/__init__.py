"""督查督办: the supervision loop. Other apps link their records to it only through these:

    from zhongshu.supervision import register_from, matters_for
    matter = register_from(decision, by=user, title=…, lead_unit=…, deadline=…, source="executive_meeting")
    matters_for(decision)     # the matters registered from that record (a queryset)

`register_from` is 立项 (registration.register_matter) with the source record linked, so the
matter page links back to it and the source's page can list its matters.
"""

from __future__ import annotations


def register_from(source_obj, *, by, at=None, **fields):
    from .registration import MatterInput, register_matter

    return register_matter(by, MatterInput(source_obj=source_obj, **fields), at=at)


def matters_for(source_obj):
    from django.contrib.contenttypes.models import ContentType

    from .models import Matter

    return Matter.objects.filter(source_type=ContentType.objects.get_for_model(source_obj), source_id=source_obj.pk)


__all__ = ["matters_for", "register_from"]
