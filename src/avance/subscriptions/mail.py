"""The mails subscribers get, sent by `avance worker` (django.tasks): the confirmation of a new
subscription, and the news that a reporting period of the plan was published.

Every mail after the confirmation carries a one-click unsubscribe link and the List-Unsubscribe
headers (RFC 8058), so mail programs can offer their own button.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from avance.core import numbers
from avance.formatting import long_date


def _link(name: str, *args: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


@task
def send_confirmation(token: str) -> bool:
    from avance.subscriptions.models import Subscription

    subscription = (
        Subscription.objects.select_related("plan")
        .filter(token=uuid.UUID(token), state=Subscription.State.PENDING)
        .first()
    )
    if subscription is None:  # confirmed or withdrawn before the worker got to it
        return False
    plan = subscription.plan
    with translation.override(subscription.language):
        EmailMessage(
            subject=_("Confirm that you want to follow «%(plan)s»") % {"plan": plan.title},
            body=_(
                "Someone, probably you, asked to receive an e-mail each time «%(plan)s» "
                "publishes its progress.\n\nTo confirm, open this link within 7 days:\n"
                "%(confirm)s\n\nIf it was not you, ignore this message: nothing will be sent "
                "and the address will be forgotten.\n"
            )
            % {"plan": plan.title, "confirm": _link("subscription-confirm", token)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
        ).send()
    return True


@task
def notify_period(period_id: int) -> int:
    """Tell every confirmed subscriber of the period's plan that it was published."""
    from avance.progress import published
    from avance.progress.models import ReportingPeriod
    from avance.subscriptions.models import Subscription

    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    plan = period.plan
    if period.state != ReportingPeriod.State.PUBLISHED or not plan.is_public:
        return 0
    figure = published.as_at(plan, period).percent
    page = _link("plan", plan.slug) + f"?periodo={period.key}"
    sent = 0
    for subscription in Subscription.objects.filter(
        plan=plan, state=Subscription.State.CONFIRMED
    ).iterator():
        leave = _link("subscription-end", subscription.token.hex)
        with translation.override(subscription.language):
            message = EmailMessage(
                subject=_("%(plan)s: %(period)s published")
                % {
                    "plan": plan.title,
                    "period": period.label,
                },
                body=_(
                    "«%(plan)s» published its progress for %(period)s on %(date)s.\n\n"
                    "Global progress: %(percent)s\n\nSee the figures, items and evidence:\n"
                    "%(page)s\n\nYou get this message because you follow this plan. "
                    "To stop, open:\n%(leave)s\n"
                )
                % {
                    "plan": plan.title,
                    "period": period.label,
                    "date": long_date(period.published_at),
                    "percent": numbers.percent(figure),
                    "page": page,
                    "leave": leave,
                },
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[subscription.email],
                headers={
                    "List-Unsubscribe": f"<{leave}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        message.send()
        sent += 1
    return sent
