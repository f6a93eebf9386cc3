"""Django admin: the 套话 list the draft checks use (built in, editable)."""

from django.contrib import admin

from .models import EmptyPhrase


@admin.register(EmptyPhrase)
class EmptyPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "active", "note")
    list_filter = ("active",)
    search_fields = ("phrase", "note")
