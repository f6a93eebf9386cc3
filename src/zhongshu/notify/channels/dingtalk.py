"""钉钉 custom group robot.

POST {"msgtype": "markdown", "markdown": {"title", "text"}} to the webhook URL. With a secret
(加签), the URL gets `&timestamp=<ms>&sign=<s>` where s = urlencode(base64(HMAC-SHA256(key=secret,
msg=f"{timestamp}\n{secret}"))). Success is errcode == 0.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from .base import WebhookChannel


def sign(secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


class DingTalkChannel(WebhookChannel):
    kind = "dingtalk"
    label = "钉钉机器人"
    known_errors = {
        310000: "签名、关键词或 IP 白名单校验未通过，请检查机器人安全设置",
        300001: "Webhook 地址的 access_token 无效",
        400013: "群已被解散",
        410100: "发送过于频繁，已被限流",
    }

    def url_for(self, channel) -> str:
        url = channel.webhook_url
        if not channel.secret:
            return url
        timestamp = int(time.time() * 1000)
        joiner = "&" if "?" in url else "?"
        return f"{url}{joiner}timestamp={timestamp}&sign={sign(channel.secret, timestamp)}"

    def payload(self, delivery) -> dict:
        return {"msgtype": "markdown", "markdown": {"title": delivery.title, "text": self.markdown(delivery)}}
