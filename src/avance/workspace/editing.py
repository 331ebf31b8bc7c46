"""Plan editing in the staff workspace: create (empty or from a document, with a preview),
settings, and the tree. Every write goes through the plans' actions."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from avance.accounts import permissions as perms
from avance.accounts.actions import do_assign
from avance.core.documents import DocumentError
from avance.core.documents.importer import describe, import_file
from avance.core.documents.isolation import run_limited
from avance.core.errors import ActionError, Notice
from avance.core.interchange import InvalidDocument
from avance.core.lifecycle import PLAN
from avance.formatting import error_text, notice_text, refusal
from avance.organizations.models import Organization
from avance.plans import actions
from avance.plans.models import Level, Node, Plan, Responsible
from avance.plans.tree import reading_order

PREVIEW_KEY = "avance-import-preview"


def _get_plan_for_planner(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner"), slug=slug)
    if not perms.can_view(request.user, plan):
        raise Http404("no such plan")
    if not perms.can_plan(request.user, plan):
        raise PermissionDenied
    return plan


def _get_node_for_planner(request: HttpRequest, slug: str, code: str) -> Node:
    plan = _get_plan_for_planner(request, slug)
    from avance.workspace.views import _uuid

    return get_object_or_404(
        Node.objects.select_related("level", "parent"), plan=plan, code=_uuid(code)
    )


class NewPlanForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institution"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Plan.Kind.choices)
    levels = forms.CharField(
        label=gettext_lazy("Levels, from the root down (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Eje\nCompromiso\nAcción",
    )
    document = forms.FileField(
        label=gettext_lazy("…or import a document (.docx .pdf .txt .md .html .csv .xlsx)"),
        required=False,
    )

    def __init__(self, *args: Any, institutions: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["institution"]
        field.queryset = Organization.objects.filter(id__in=[o.id for o in institutions])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Give the plan a title, or import a document."))
        return data


@login_required
def new_plan(request: HttpRequest) -> HttpResponse:
    institutions = perms.planning_institutions(request.user)
    if not institutions:
        raise PermissionDenied
    form = NewPlanForm(request.POST or None, request.FILES or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("document")
        if upload:
            suffix = Path(upload.name).suffix.lower()
            # In the data directory's tmp/, which `avance serve` clears of what a killed process
            # left; the import itself runs in a child process with a time and memory limit.
            with tempfile.TemporaryDirectory(dir=settings.FILE_UPLOAD_TEMP_DIR) as tmp:
                path = Path(tmp) / f"documento{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    document, warnings = run_limited(
                        import_file,
                        str(path),
                        source=str(path),
                        seconds=settings.IMPORT_SECONDS,
                        memory_mb=settings.IMPORT_MEMORY_MB,
                    )
                    actions.check_document(document, upload.name)
                except (DocumentError, InvalidDocument) as exc:
                    form.add_error("document", str(exc).replace(str(path), upload.name))
                    return render(request, "workspace/new_plan.html", {"form": form})
            document["kind"] = (
                data["kind"] if data["kind"] != "otro" else document.get("kind", "otro")
            )
            request.session[PREVIEW_KEY] = {
                "document": document,
                # Said in the planner's language now: the session keeps plain text.
                "warnings": [
                    notice_text(w.moved(str(path), upload.name))
                    if isinstance(w, Notice)
                    else w.replace(str(path), upload.name)
                    for w in warnings
                ],
                "institution": data["institution"].id,
                "name": upload.name,
            }
            return HttpResponseRedirect(reverse("workspace-import-preview"))
        levels = [line.strip() for line in (data.get("levels") or "").splitlines() if line.strip()]
        try:
            plan = actions.do_create_plan(
                request.user,
                data["institution"],
                title=data["title"],
                kind=data["kind"],
                levels=levels,
            )
        except ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Plan created."))
            return HttpResponseRedirect(reverse("workspace-structure", args=[plan.slug]))
    return render(request, "workspace/new_plan.html", {"form": form})


@login_required
def import_preview(request: HttpRequest) -> HttpResponse:
    institutions = {o.id: o for o in perms.planning_institutions(request.user)}
    if not institutions:
        raise PermissionDenied
    preview = request.session.get(PREVIEW_KEY)
    if not preview:
        return HttpResponseRedirect(reverse("workspace-new-plan"))
    institution = institutions.get(preview["institution"])
    if institution is None:
        raise PermissionDenied
    if request.method == "POST":
        try:
            plan = actions.do_load_plan(
                request.user, preview["document"], source=preview["name"], owner=institution
            )
        except (InvalidDocument, ActionError) as exc:
            messages.error(request, refusal(exc))
            return HttpResponseRedirect(reverse("workspace-new-plan"))
        del request.session[PREVIEW_KEY]
        messages.success(request, _("Plan imported."))
        return HttpResponseRedirect(reverse("workspace-structure", args=[plan.slug]))
    return render(
        request,
        "workspace/import_preview.html",
        {
            "document": preview["document"],
            "warnings": preview["warnings"],
            "institution": institution,
            "name": preview["name"],
            "json": json.dumps(preview["document"], ensure_ascii=False, indent=1)[:20000],
            "found": describe(preview["document"]),
        },
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "kind",
            "start",
            "end",
            "objective",
            "rollup_method",
            "rollup_missing",
            "indicator_progress",
            "evaluation_frequency",
            "evaluation_method",
        ]
        widgets = {
            # ISO values: a browser's date input shows nothing for "01/01/2024", and the form
            # would then save the dates as empty.
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objective": forms.Textarea(attrs={"rows": 3}),
        }


@login_required
def plan_settings(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan_for_planner(request, slug)
    form = SettingsForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        method, missing = data.pop("rollup_method"), data.pop("rollup_missing")
        indicators = data.pop("indicator_progress")
        actions.do_update_plan(request.user, plan, **data)
        if (method, missing, indicators) != (
            plan.rollup_method,
            plan.rollup_missing,
            plan.indicator_progress,
        ):
            actions.do_set_rollup_method(request.user, plan, method, missing, indicators)
        if "statuses_shown" in request.POST:
            actions.do_set_counting_statuses(
                request.user, plan, set(request.POST.getlist("counts"))
            )
        if request.POST.get("new_level", "").strip():
            try:
                actions.do_add_level(request.user, plan, request.POST["new_level"])
            except ActionError as exc:
                messages.error(request, error_text(exc))
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("workspace-settings", args=[slug]))
    return render(
        request,
        "workspace/settings.html",
        {
            "plan": plan,
            "form": form,
            "levels": plan.levels.order_by("position"),
            "statuses": plan.statuses.order_by("position"),
            "transitions": [
                (name, PLAN_ACTION_LABELS[name])
                for name in PLAN.available(plan.state)
                if name in PLAN_ACTION_LABELS
            ],
        },
    )


PLAN_ACTION_LABELS = {
    "publish": gettext_lazy("Publish plan"),
    "archive": gettext_lazy("Archive plan"),
}
PLAN_ACTIONS = {"publish": actions.do_publish_plan, "archive": actions.do_archive_plan}


@login_required
@require_POST
def plan_state(request: HttpRequest, slug: str, transition: str) -> HttpResponse:
    plan = _get_plan_for_planner(request, slug)
    if transition not in PLAN_ACTIONS:
        raise Http404("no such action")
    try:
        PLAN_ACTIONS[transition](request.user, plan)
    except ActionError as exc:
        messages.error(request, refusal(exc))
    else:
        done = {"publish": _("Plan published."), "archive": _("Plan archived.")}
        messages.success(request, done[transition])
    return HttpResponseRedirect(reverse("workspace-settings", args=[slug]))


@login_required
def plan_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a draft plan, after a confirmation; published plans can only be archived."""
    plan = _get_plan_for_planner(request, slug)
    if plan.state != Plan.State.DRAFT:
        messages.error(request, _("Only a draft plan can be deleted; archive it instead."))
        return HttpResponseRedirect(reverse("workspace-settings", args=[slug]))
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        actions.do_delete_draft_plan(request.user, plan)
        messages.success(request, _("Draft plan deleted; the deletion is in the audit trail."))
        return HttpResponseRedirect(reverse("workspace"))
    return render(
        request, "workspace/plan_delete.html", {"plan": plan, "items": plan.nodes.count()}
    )


@login_required
@require_GET
def structure(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan_for_planner(request, slug)
    nodes = Node.objects.filter(plan=plan).select_related("level").order_by("position", "id")
    ordered = reading_order(nodes)
    return render(
        request,
        "workspace/structure.html",
        {"plan": plan, "rows": ordered, "levels": plan.levels.order_by("position")},
    )


class NodeForm(forms.Form):
    level = forms.ModelChoiceField(label=gettext_lazy("Level"), queryset=Level.objects.none())
    ref = forms.CharField(label=gettext_lazy("Number"), max_length=40, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    weight = forms.FloatField(label=gettext_lazy("Weight"), min_value=0, initial=1.0)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Inside"), queryset=Node.objects.none(), required=False
    )
    position = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Responsible unit"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, plan: Plan, node: Node | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level: Any = self.fields["level"]
        level.queryset = plan.levels.order_by("position")
        parent: Any = self.fields["parent"]
        unit: Any = self.fields["unit"]
        unit.queryset = Organization.objects.filter(parent=plan.owner).order_by("name")
        others = Node.objects.filter(plan=plan)
        parent.queryset = others.exclude(pk=node.pk) if node is not None else others


@login_required
def node_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan_for_planner(request, slug)
    form = NodeForm(request.POST or None, plan=plan, initial={"parent": request.GET.get("dentro")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_node(
                request.user,
                plan,
                level=data["level"],
                title=data["title"],
                parent=data["parent"],
                ref=data["ref"],
                weight=data["weight"],
                unit=data["unit"],
            )
        except ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            return HttpResponseRedirect(reverse("workspace-structure", args=[slug]))
    return render(request, "workspace/node_form.html", {"plan": plan, "form": form})


@login_required
def node_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    node = _get_node_for_planner(request, slug, code)
    plan = node.plan
    initial = {
        "level": node.level,
        "ref": node.ref,
        "title": node.title,
        "weight": node.weight,
        "parent": node.parent,
        "position": node.position,
        "unit": node.unit,
    }
    form = NodeForm(request.POST or None, plan=plan, node=node, initial=initial)
    officers = User.objects.filter(
        memberships__organization=plan.owner, memberships__role="officer"
    ).distinct()
    if request.method == "POST" and request.POST.get("person_name") is not None:
        try:
            actions.do_add_responsible(
                request.user,
                node,
                name=request.POST.get("person_name", ""),
                job_title=request.POST.get("person_title", ""),
                organization=request.POST.get("person_org", ""),
                role=request.POST.get("person_role", "responsible"),
            )
        except ActionError as exc:
            messages.error(request, error_text(exc))
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and request.POST.get("officer"):
        officer = get_object_or_404(officers, pk=request.POST["officer"])
        do_assign(request.user, node, officer)
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = {
            k: v
            for k, v in data.items()
            if initial.get(k) != v and (v is not None or k in {"unit", "parent"})
        }
        try:
            if changed:
                actions.do_update_node(request.user, node, **changed)
        except ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            return HttpResponseRedirect(reverse("workspace-structure", args=[slug]))
    return render(
        request,
        "workspace/node_form.html",
        {
            "plan": plan,
            "form": form,
            "node": node,
            "people": node.responsibles.order_by("position"),
            "officers": officers,
            "assigned": node.assignments.select_related("user"),
            "roles": Responsible.Role.choices,
        },
    )


@login_required
def node_delete(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    node = _get_node_for_planner(request, slug, code)
    history = actions.has_history(node)
    if request.method == "POST" and (not history or request.POST.get("confirm") == "yes"):
        actions.do_delete_node(request.user, node)
        messages.success(request, _("Item deleted; the deletion is in the audit trail."))
        return HttpResponseRedirect(reverse("workspace-structure", args=[slug]))
    return render(
        request, "workspace/node_delete.html", {"plan": node.plan, "node": node, "history": history}
    )
