"""Login (password, then the TOTP code when the user has one), logout, password change,
TOTP enrolment, and the lockout page.

Two-step login: a correct password alone does not log in a user who has a confirmed TOTP
device. The user id waits in the (anonymous) session for at most OTP_PENDING_SECONDS; only a
valid code calls django's `login` and `django_otp.login`. A wrong code counts as a failed
login for django-axes, so codes cannot be guessed without locking the account.

Idle timeout: the session expires SESSION_COOKIE_AGE after the last request. To tell the
user why they see the login page, a marker cookie (browser-session lifetime) is set at login
and removed at logout; an anonymous visit to the login page that still carries it means the
session ran out.
"""

from __future__ import annotations

import time

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import lockout, totp
from .forms import LoginForm, OtpForm
from .security_views import audit_note

ACTIVE_MARKER = "zs_active"
PENDING_KEY = "zs_otp_pending"
OTP_PENDING_SECONDS = 300
TIMEOUT_MESSAGE = "会话已超时，请重新登录"


def _mark_active(response):
    response.set_cookie(ACTIVE_MARKER, "1", httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    return response


class LoginView(auth_views.LoginView):
    template_name = "org/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = (self.request.method == "GET" and self.request.COOKIES.get(ACTIVE_MARKER) == "1"
                                and not self.request.user.is_authenticated)
        context["timeout_message"] = TIMEOUT_MESSAGE
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.delete_cookie(ACTIVE_MARKER, samesite="Lax")
        return response

    def form_valid(self, form):
        user = form.get_user()
        device = totp.confirmed_device(user)
        if device is None:
            return _mark_active(super().form_valid(form))
        self.request.session[PENDING_KEY] = {
            "user_id": user.pk, "backend": user.backend, "next": self.get_success_url(), "at": time.time(),
        }
        return redirect("org:login_otp")


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > OTP_PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def login_otp(request):
    """Second step: the 6-digit code of the user's authenticator app."""
    user, pending = _pending_user(request)
    if user is None:
        messages.warning(request, "登录已过期，请重新输入用户名和密码")
        return redirect("org:login")
    if lockout.is_locked(user.get_username()):
        request.session.pop(PENDING_KEY, None)
        return locked_out(request)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp.confirmed_device(user)
        if totp.verify(device, form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY, None)
            user.backend = pending["backend"]
            auth_login(request, user)
            django_otp.login(request, device)
            target = pending.get("next") or reverse(settings.LOGIN_REDIRECT_URL)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return _mark_active(HttpResponseRedirect(target))
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
        if getattr(request, "axes_locked_out", False) or lockout.is_locked(user.get_username()):
            request.session.pop(PENDING_KEY, None)
            return locked_out(request)
        form.add_error("code", "动态口令错误或已过期")
    return render(request, "org/login_otp.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(ACTIVE_MARKER, samesite="Lax")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "org/password_change.html"
    success_url = "/"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form

    def form_valid(self, form):
        form.user.must_change_password = False
        messages.success(self.request, "密码已修改")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """动态口令: enrol (QR code + secret, confirmed by a code) or disable (needs a current code)."""
    user = request.user
    device = totp.confirmed_device(user)
    form = OtpForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if device is not None and action == "disable":
            if totp.verify(device, code):
                totp.remove(user)
                audit_note(user, "停用动态口令")
                messages.success(request, "已停用动态口令，登录时不再需要验证码")
                return redirect("org:totp")
            form.add_error("code", "动态口令错误，未停用")
        elif device is None and action == "confirm":
            pending = totp.pending_device(user)
            if totp.confirm(pending, code):
                django_otp.login(request, pending)
                audit_note(user, "绑定动态口令")
                messages.success(request, "动态口令已启用，今后登录需输入验证码")
                return redirect("org:totp")
            form.add_error("code", "动态口令错误，请核对手机时间后重试")
    context = {"form": form, "device": device}
    if device is None:
        pending = totp.pending_device(user)
        context.update(qr_svg=totp.qr_svg(pending), secret=totp.secret(pending))
    return render(request, "org/totp.html", context)


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes when an account is locked after too many failed logins."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "org/locked_out.html", {"minutes": minutes}, status=403)

