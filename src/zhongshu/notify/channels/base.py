"""The one interface every channel implements, and the HTTP helper the group robots share.

A channel is a small object with `kind`, `label` and `send(delivery)`. `send` either returns
(delivered) or raises `DeliveryError` with a Chinese message that the administrator reads on
the 投递记录 page. It never touches the database: recording the outcome is the caller's job.
"""

from __future__ import annotations

from urllib.parse import urljoin

import requests
from django.conf import settings


class DeliveryError(Exception):
    """A delivery failed; `message` is Chinese and shown to administrators."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Channel:
    kind: str = ""
    label: str = ""

    def send(self, delivery) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def absolute_link(link: str) -> str:
    """Links in notices are site paths; outside the site they need the site's address."""
    base = getattr(settings, "ZHONGSHU_SITE_URL", "") or ""
    if not link or not base or "://" in link:
        return link
    return urljoin(base.rstrip("/") + "/", link.lstrip("/"))


def webhook_timeout() -> int:
    return int(getattr(settings, "ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS", 5))


class WebhookChannel(Channel):
    """A group robot that takes a JSON POST and answers {"errcode": 0, "errmsg": "ok"}.

    Subclasses build the payload (`payload`) and the final URL (`url_for`); `explain` turns
    known vendor error codes into Chinese hints.
    """

    known_errors: dict[int, str] = {}
    max_text_chars = 3000

    def url_for(self, channel) -> str:
        return channel.webhook_url

    def payload(self, delivery) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def markdown(self, delivery) -> str:
        """The message text: title, body, who it concerns, link. Cut to the vendor's limit."""
        lines = [f"### {delivery.title}", ""]
        body = (delivery.body or "").strip()
        if len(body) > self.max_text_chars:
            body = body[: self.max_text_chars] + "…"
        if body:
            lines += [body, ""]
        if delivery.mentions:
            lines += [f"> 涉及：{delivery.mentions}", ""]
        link = absolute_link(delivery.link)
        if link:
            lines.append(f"[查看详情]({link})")
        return "\n".join(lines).strip()

    def send(self, delivery) -> None:
        channel = delivery.unit_channel
        if channel is None:
            raise DeliveryError(f"{self.label}投递缺少单位渠道")
        timeout = webhook_timeout()
        try:
            response = requests.post(self.url_for(channel), json=self.payload(delivery), timeout=timeout)
        except requests.Timeout:
            raise DeliveryError(f"连接{self.label}超时（{timeout} 秒）") from None
        except requests.exceptions.SSLError:
            raise DeliveryError(f"与{self.label}建立加密连接失败（证书无效或不受信任）") from None
        except requests.ConnectionError:
            raise DeliveryError(f"无法连接{self.label}：网络不通、地址无法解析或连接被拒绝") from None
        except requests.RequestException as exc:
            raise DeliveryError(f"请求{self.label}失败：{exc.__class__.__name__}") from None
        if response.status_code != 200:
            raise DeliveryError(f"{self.label}返回 HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise DeliveryError(f"{self.label}返回的内容不是 JSON") from None
        code = data.get("errcode") if isinstance(data, dict) else None
        if code != 0:
            hint = self.known_errors.get(code, "")
            message = str(data.get("errmsg", "")) if isinstance(data, dict) else ""
            text = f"{self.label}拒绝了消息（错误码 {code}"
            text += f"：{message}）" if message else "）"
            raise DeliveryError(text + (f"：{hint}" if hint else ""))
