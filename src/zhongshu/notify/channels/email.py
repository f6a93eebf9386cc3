"""Email through Django's mail backend (SMTP in production, the console in development)."""

from __future__ import annotations

import smtplib

from django.core.mail import send_mail

from .base import Channel, DeliveryError, absolute_link


class EmailChannel(Channel):
    kind = "email"
    label = "电子邮件"

    def send(self, delivery) -> None:
        if not delivery.target:
            raise DeliveryError("收件人没有电子邮件地址")
        text = delivery.body or ""
        link = absolute_link(delivery.link)
        if link:
            text = f"{text}\n\n查看详情：{link}"
        try:
            send_mail(f"【中枢】{delivery.title}", text, None, [delivery.target], fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"发送邮件失败：{exc.__class__.__name__} {exc}".strip()) from None
