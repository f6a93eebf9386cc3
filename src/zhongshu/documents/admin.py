"""Django admin: the 套话 list the draft checks use (built in, editable), the 发文字号 series, and the
发文登记簿 read only (numbers are taken and cancelled only through documents.numbers); 收文 and 发文
read only (moved only through documents.incoming / documents.outgoing)."""

from django.contrib import admin

from zhongshu.core.admin import ReadOnlyAdmin

from .models import EmptyPhrase, IncomingDocument, IssuedNumber, NumberSeries, OutgoingDocument


@admin.register(EmptyPhrase)
class EmptyPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "active", "note")
    list_filter = ("active",)
    search_fields = ("phrase", "note")


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "issuer", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "issuer")


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "title", "state", "taken_by", "taken_at", "cancel_reason")
    list_filter = ("series", "year", "state")
    search_fields = ("title",)
    list_select_related = ("series", "taken_by")


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ReadOnlyAdmin):
    """收文 are moved only through documents.incoming (every step checked and recorded)."""

    list_display = ("number", "title", "issuer", "doc_number", "state", "received_on", "lead_unit")
    list_filter = ("state", "urgency", "secrecy")
    search_fields = ("number", "title", "issuer", "doc_number")
    list_select_related = ("lead_unit",)


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(ReadOnlyAdmin):
    """发文 are moved only through documents.outgoing (every step checked and recorded)."""

    list_display = ("number", "title", "kind", "drafting_unit", "state", "drafted_at", "signer")
    list_filter = ("state", "kind", "urgency", "secrecy")
    search_fields = ("number", "title", "main_to")
    list_select_related = ("drafting_unit", "signer")
