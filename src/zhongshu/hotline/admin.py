"""Django admin of the 12345 settings: the category tree, the 派单目录, time limits, the knowledge
base, the Open311 API clients and their 受理队列 (tickets themselves move only through their pages and the API)."""

import hashlib
import secrets

from django.contrib import admin, messages

from zhongshu.core.admin import ReadOnlyAdmin

from .models import ApiClient, CatalogueEntry, Category, IntakeRequest, KnowledgeEntry, TimeLimitRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("full_name", "level", "active", "sort")
    list_filter = ("level", "active")
    search_fields = ("name", "full_name")
    ordering = ("full_name",)


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    list_display = ("category", "unit", "active", "note")
    list_filter = ("active",)
    search_fields = ("category__full_name", "unit__name", "basis")
    autocomplete_fields = ("category",)


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    list_display = ("request_type", "urgency", "accept_kind", "accept_value", "handle_kind", "handle_value")
    list_filter = ("request_type", "urgency")


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "category", "keywords", "active")
    list_filter = ("active",)
    search_fields = ("question", "keywords", "answer")
    autocomplete_fields = ("category",)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "key_hint", "active")
    list_filter = ("active", "channel")
    search_fields = ("name",)
    readonly_fields = ("key_hint",)
    fields = ("name", "channel", "active", "key_hint")

    def save_model(self, request, obj, form, change):
        """A new client gets its key here, shown once; only its SHA-256 digest is stored."""
        if not change:
            key = secrets.token_urlsafe(32)
            obj.key_hash = hashlib.sha256(key.encode()).hexdigest()
            obj.key_hint = key[-4:]
            super().save_model(request, obj, form, change)
            messages.warning(request, f"接入密钥（只显示这一次，请立即交给对方系统保存）：{key}")
            return
        super().save_model(request, obj, form, change)


@admin.register(IntakeRequest)
class IntakeRequestAdmin(ReadOnlyAdmin):
    """The Open311 受理队列, read only: what waits, what was filed as which ticket, what failed and why
    (the system that sent it learns it from tokens/{token}.json and files it again)."""

    list_display = ("token", "actor", "state", "ticket", "created_at", "filed_at", "error")
    list_filter = ("state",)
    search_fields = ("token", "ticket__number", "idempotency_key")
    list_select_related = ("ticket",)
    ordering = ("-id",)
