"""The institution's profile, edited by its planners and administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from avance.accounts import permissions as perms
from avance.core.errors import ActionError
from avance.formatting import error_text
from avance.organizations import actions
from avance.organizations.models import Organization
from avance.workspace.forms import ProfileForm


def _get_institution_for_planner(request: HttpRequest, slug: str) -> Organization:
    for institution in perms.planning_institutions(request.user):
        if institution.slug == slug:
            return institution
    raise Http404("no such institution")


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _get_institution_for_planner(request, slug)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] or "" for name in actions.PROFILE_FIELDS}
        upload = form.cleaned_data["logo_file"]
        logo = (upload.name, upload.read()) if upload else None
        try:
            actions.do_update_profile(
                request.user,
                institution,
                logo=logo,
                remove_logo=form.cleaned_data["remove_logo"],
                **data,
            )
        except ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("workspace-institution", args=[slug]))
    institution.refresh_from_db()
    return render(request, "workspace/institution.html", {"institution": institution, "form": form})
