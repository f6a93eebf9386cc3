"""Template context for the page frame: the signed-in user's name, unit, roles and unread count."""

from __future__ import annotations


def frame(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = 0
    try:
        from zhongshu.notify.inbox import unread_count

        unread = unread_count(user)
    except ImportError:  # notify not built yet
        pass
    return {"frame_unread": unread, "frame_roles": user.role_labels()}
