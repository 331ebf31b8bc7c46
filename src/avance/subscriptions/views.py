"""Following a plan by e-mail: the request form's answer, the confirmation and the way out.

The links in the mails carry the subscription's secret token; they show a page with one button
and act on its POST, so that mail scanners that open links do not confirm or unsubscribe for
the citizen. The unsubscribe POST also comes from mail programs (RFC 8058 one-click), which
have no CSRF token: the token in the URL is the proof.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from avance.core.errors import ActionError
from avance.formatting import error_text
from avance.portal.access import get_public_plan
from avance.subscriptions import actions
from avance.subscriptions.models import Subscription

ANONYMOUS = "citizen"


# No CSRF token: the form is on published pages, which are files that set no cookie. A forged
# request could only ask for a confirmation mail, which anyone may ask for any address on this
# very form; double opt-in and the one-mail-an-hour rule (do_subscribe) keep that harmless.
@csrf_exempt
@require_POST
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_public_plan(slug)
    email = request.POST.get("email", "")
    try:
        actions.do_subscribe(ANONYMOUS, plan, email, get_language() or "es-mx")
    except ActionError as exc:
        return render(
            request,
            "subscriptions/requested.html",
            {"plan": plan, "error": error_text(exc), "email": email[:254]},
            status=400,
        )
    # The same answer whether the address already follows the plan or not.
    return render(request, "subscriptions/requested.html", {"plan": plan})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _get_subscription(token)
    if subscription is None:
        return _unknown(request)
    if request.method == "POST":
        try:
            actions.do_confirm_subscription(ANONYMOUS, token)
        except ActionError as exc:
            return render(
                request, "subscriptions/unknown.html", {"error": error_text(exc)}, status=410
            )
        return render(request, "subscriptions/confirmed.html", {"plan": subscription.plan})
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


@csrf_exempt
def end(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _get_subscription(token)
    if subscription is None:
        return _unknown(request)
    if request.method == "POST":
        plan = actions.do_unsubscribe(ANONYMOUS, token)
        return render(request, "subscriptions/ended.html", {"plan": plan})
    return render(request, "subscriptions/end.html", {"subscription": subscription})


def _get_subscription(token: str) -> Subscription | None:
    import uuid

    try:
        key = uuid.UUID(token)
    except ValueError:
        return None
    return Subscription.objects.select_related("plan").filter(token=key).first()


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/unknown.html", {}, status=404)
