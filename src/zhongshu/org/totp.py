"""TOTP second factor (动态口令) with django-otp's TOTPDevice.

A user has at most one device. Enrolment creates an unconfirmed device whose secret is shown
as a QR code; it becomes confirmed when the user types a valid code from their app. Only a
confirmed device makes the login ask for a code.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

DEVICE_NAME = "动态口令"


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not user.pk:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device, created on first call (secret kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret(device: TOTPDevice) -> str:
    """The base32 secret, for typing into an app by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8)
    text = image.to_string(encoding="unicode")
    return text[text.index("<svg"):] if "<svg" in text else text


def verify(device: TOTPDevice | None, code: str) -> bool:
    """Check a 6-digit code (django-otp applies its drift window and failure throttling)."""
    code = (code or "").strip().replace(" ", "")
    if device is None or not code.isdigit() or len(code) != device.digits:
        return False
    return bool(device.verify_token(code))


def confirm(device: TOTPDevice, code: str) -> bool:
    if not verify(device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return True


def remove(user) -> int:
    """Delete every TOTP device of `user` (disable, or a 安全管理员's reset)."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count
