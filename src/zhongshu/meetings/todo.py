"""会议 to-dos for the 工作台 (web.todo): the 议题 waiting for the 会务人员's 审核.

The count is the 议题 list's own filter (the topics the user sees in that state), one COUNT query.
(传达 and its report are clocks, already on the 工作台 by their lights.)
"""

from __future__ import annotations

from zhongshu.web.todo import Todo

from .choices import TopicState
from .models import Topic
from .permissions import may


def items(user) -> list[Todo]:
    if not may(user, "accept_topic"):
        return []
    count = Topic.objects.restrict(user).filter(state=TopicState.SUBMITTED).count()
    return [Todo("议题待审核", count, f"/meetings/topics/?state={TopicState.SUBMITTED}")]
