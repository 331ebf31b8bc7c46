"""Personal API tokens in the workspace: create (shown once), list, revoke. A token acts with
its owner's roles, so anyone signed in may have tokens; they see and revoke their own only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avance.api import actions
from avance.api.models import ApiToken
from avance.core.errors import ActionError
from avance.formatting import error_text


def _get_token_for_user(request: HttpRequest, code: str) -> ApiToken:
    token = (
        ApiToken.objects.filter(user__username=request.user.get_username(), code=code)
        .select_related("user")
        .first()
    )
    if token is None:
        raise Http404("no such token")
    return token


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    created, problem = "", ""
    if request.method == "POST":
        try:
            _stored, created = actions.do_create_api_token(
                request.user, request.user, request.POST.get("name", "")
            )
        except ActionError as exc:
            problem = error_text(exc)
    tokens = ApiToken.objects.filter(user__username=request.user.get_username())
    return render(
        request,
        "workspace/api_tokens.html",
        {"tokens": tokens, "created": created, "problem": problem},
        status=422 if problem else 200,
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, code: str) -> HttpResponse:
    token = _get_token_for_user(request, code)
    actions.do_revoke_api_token(request.user, token)
    messages.success(request, _("Token revoked."))
    return HttpResponseRedirect(reverse("workspace-api-tokens"))
