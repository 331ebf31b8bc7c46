from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from avance.audit.admin_mixins import AuditedAdmin
from avance.core.errors import ActionError
from avance.progress.actions import do_publish_update, do_recompute_rollup
from avance.progress.models import (
    DeclaredFigure,
    EvidenceLink,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(AuditedAdmin):
    list_display = ["label", "plan", "start", "end", "state"]
    list_filter = ["state", "plan"]


class EvidenceInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0
    fields = ["url", "label", "position"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ["node", "period", "percent", "status", "state", "is_current", "author_label"]
    list_filter = ["state", "period__plan"]
    search_fields = ["node__title", "node__ref"]
    autocomplete_fields = ["node"]
    readonly_fields = ["state", "is_current", "published_at", "author", "author_label"]
    actions = ["publish"]
    inlines = [EvidenceInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A published update is locked: a correction is a new update.
        if obj is not None and obj.state == ProgressUpdate.State.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for inline_form in formset.forms:
            inline_form.instance.node_id = form.instance.node_id
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Publish the selected updates"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProgressUpdate]) -> None:
        done = 0
        for update in queryset:
            try:
                do_publish_update(request.user, update)
                done += 1
            except ActionError as exc:
                self.message_user(request, f"{update}: {exc}", messages.WARNING)
        self.message_user(request, _("%(n)d updates published.") % {"n": done})


@admin.register(DeclaredFigure)
class DeclaredFigureAdmin(AuditedAdmin):
    list_display = ["plan", "period", "node", "metric", "level_name", "value", "source"]
    list_filter = ["metric", "plan"]
    autocomplete_fields = ["node"]


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(AuditedAdmin):
    list_display = ["url", "label", "node", "update"]
    autocomplete_fields = ["node"]


@admin.register(Rollup)
class RollupAdmin(admin.ModelAdmin):
    """Computed by the roll-up, never edited; the action recomputes."""

    list_display = ["plan", "period", "method", "percent", "inputs", "node_count", "computed_at"]
    list_filter = ["method"]
    readonly_fields = [f.name for f in Rollup._meta.fields]
    actions = ["recompute"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Recompute"))
    def recompute(self, request: HttpRequest, queryset: QuerySet[Rollup]) -> None:
        for rollup in queryset.select_related("plan", "period"):
            do_recompute_rollup(request.user, rollup.plan, rollup.period)
        self.message_user(request, _("Recomputed."))
