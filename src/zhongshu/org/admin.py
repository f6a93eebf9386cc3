"""Django admin (/django-admin/) for units and people: superusers only, a last-resort tool.

The site's login goes through our login page (so TOTP and lockout apply), and only active
superusers pass `has_permission`; everyone else uses the 中枢 pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import OrgUnit, RoleGrant, User

admin.site.site_header = admin.site.site_title = "中枢 后台（超级管理员）"
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


def _login(request, extra_context=None):
    if request.user.is_authenticated:  # signed in but not a superuser: no loop back to the login page
        raise PermissionDenied("只有超级管理员可以使用后台")
    return redirect(f"{reverse('org:login')}?{urlencode({'next': request.GET.get('next', '/django-admin/')})}")


admin.site.login = _login


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    ordering = ("path",)
    raw_id_fields = ("parent",)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleGrantInline]
    list_display = ("username", "full_name", "unit", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "unit")
    search_fields = ("username", "full_name", "phone")
    ordering = ("username",)
    raw_id_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "unit", "title", "phone", "email")}),
        ("安全", {"fields": ("is_active", "is_superuser", "must_change_password", "password_changed_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "unit", "password1", "password2")}),)
    readonly_fields = ("password_changed_at",)
