"""企业微信 group robot: POST {"msgtype": "markdown", "markdown": {"content"}} to the webhook URL
(which carries the robot's key). Success is errcode == 0. Content is limited to 4096 bytes."""

from __future__ import annotations

from .base import WebhookChannel


class WeComChannel(WebhookChannel):
    kind = "wecom"
    label = "企业微信机器人"
    max_text_chars = 1000  # markdown content ≤ 4096 bytes of UTF-8 (3 bytes per Chinese character)
    known_errors = {
        93000: "Webhook 地址无效或机器人已被移除",
        45009: "发送过于频繁，已被限流",
        40058: "消息内容不合法或过长",
    }

    def payload(self, delivery) -> dict:
        content = self.markdown(delivery).encode()[:4096].decode(errors="ignore")
        return {"msgtype": "markdown", "markdown": {"content": content}}
