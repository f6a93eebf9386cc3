"""Email through Django's mail backend (SMTP in production, the console in development).

Failures become Chinese messages: timeout, refused recipient, failed login, unreachable server.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import send_mail

from .base import Channel, DeliveryError, absolute_link


def explain(exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return f"连接邮件服务器超时（{getattr(settings, 'EMAIL_TIMEOUT', None) or '?'} 秒）"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "邮件服务器拒绝了收件人地址，请核对该用户的电子邮件"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "邮件服务器登录失败，请检查发信账号和密码"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return "邮件服务器拒绝了发件人地址"
    if isinstance(exc, smtplib.SMTPException):
        return f"邮件服务器返回错误：{exc}"
    return f"无法连接邮件服务器：{exc.__class__.__name__}"


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
            raise DeliveryError(f"发送邮件失败：{explain(exc)}") from None
