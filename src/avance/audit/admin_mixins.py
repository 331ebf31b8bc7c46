"""Admin edits go through the same audited actions as every other write."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from avance.audit.actions import do_admin_delete, do_admin_save


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        do_admin_save(request.user, obj, list(form.changed_data), adding=not change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        do_admin_delete(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            do_admin_delete(request.user, obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            do_admin_delete(request.user, obj)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if obj in instances:
                do_admin_save(
                    request.user, obj, list(inline_form.changed_data), adding=obj.pk is None
                )
        formset.save_m2m()
