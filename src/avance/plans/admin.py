from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from avance.audit.admin_mixins import AuditedAdmin
from avance.core.interchange import PLAN_SECTIONS
from avance.plans.models import Level, Node, Plan, Responsible, Status
from avance.progress.actions import do_recompute_rollup

TREE_FIELDS = {"parent", "weight", "rollup_method", "rollup_missing"}


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


class StatusInline(admin.TabularInline):
    model = Status
    extra = 0


class ResponsibleInline(admin.TabularInline):
    model = Responsible
    extra = 0


class ChildInline(admin.TabularInline):
    """Children of a node, editable in place: the way to build a tree by hand."""

    model = Node
    fk_name = "parent"
    extra = 1
    fields = ["position", "level", "ref", "title", "weight"]
    show_change_link = True
    verbose_name = _("child item")
    verbose_name_plural = _("child items")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        # New children belong to the parent's plan.
        field: Any = formset.form.base_fields["level"]
        field.queryset = Level.objects.filter(plan=obj.plan) if obj else Level.objects.none()
        return formset


class RecomputeMixin(AuditedAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if TREE_FIELDS & set(form.changed_data):
            plan = obj if isinstance(obj, Plan) else obj.plan
            do_recompute_rollup(request.user, plan)


@admin.register(Plan)
class PlanAdmin(RecomputeMixin):
    list_display = ["title", "owner", "kind", "start", "end", "rollup_method"]
    list_filter = ["kind", "owner"]
    search_fields = ["title", "slug", "owner__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["owner", "unit"]
    inlines = [LevelInline, StatusInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "owner", "unit", "start", "end", "issued"]}),
        (_("Author"), {"fields": ["author_name", "author_position", "author_organization"]}),
        (
            _("Contents"),
            {"fields": [*PLAN_SECTIONS, "swot", "region", "alignment"]},
        ),
        (_("Budget and beneficiaries"), {"fields": ["budget", "beneficiaries"]}),
        (
            _("Evaluation"),
            {
                "fields": [
                    "evaluation_frequency",
                    "evaluation_evaluator",
                    "evaluation_method",
                    "rollup_method",
                    "rollup_missing",
                ]
            },
        ),
    ]


@admin.register(Node)
class NodeAdmin(RecomputeMixin):
    list_display = ["__str__", "level", "plan", "weight", "position"]
    list_filter = ["plan", "level__name"]
    search_fields = ["title", "ref"]
    autocomplete_fields = ["parent"]
    list_select_related = ["plan", "level"]
    inlines = [ResponsibleInline, ChildInline]
    readonly_fields = ["code"]

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: Any, change: bool
    ) -> None:
        if formset.model is Node:
            for inline_form in formset.forms:
                inline_form.instance.plan_id = form.instance.plan_id
        super().save_formset(request, form, formset, change)
        if formset.model is Node and formset.has_changed():
            do_recompute_rollup(request.user, form.instance.plan)


@admin.register(Level)
class LevelAdmin(AuditedAdmin):
    list_display = ["name", "plural", "plan", "position"]
    list_filter = ["plan"]


@admin.register(Status)
class StatusAdmin(AuditedAdmin):
    list_display = ["label", "key", "plan", "default_percent", "counts"]
    list_filter = ["plan"]


@admin.register(Responsible)
class ResponsibleAdmin(AuditedAdmin):
    list_display = ["name", "job_title", "organization", "role", "node"]
    list_filter = ["role"]
    search_fields = ["name", "organization"]
    autocomplete_fields = ["node"]
