"""Login, logout, password change (the unit and user administration pages come next to these)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    template_name = "org/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "org/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        messages.success(self.request, "密码已修改")
        return super().form_valid(form)


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes when an account is locked after too many failed logins."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "org/locked_out.html", {"minutes": minutes}, status=403)
