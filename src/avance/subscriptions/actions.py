"""Every write to subscriptions goes through one of these actions (atomic, audited).

The audit trail records that someone subscribed, confirmed or left, never the address: the
trail is read by staff, and an e-mail address is personal data they do not need.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from avance.audit import log
from avance.core.errors import ActionError
from avance.core.lifecycle import SUBSCRIPTION
from avance.plans.models import Plan
from avance.subscriptions import mail
from avance.subscriptions.models import Subscription

# A confirmation link works this long; a request repeated sooner sends no second mail (so the
# form cannot be used to flood someone's inbox).
CONFIRM_WITHIN = dt.timedelta(days=7)
RESEND_AFTER = dt.timedelta(hours=1)


@transaction.atomic
def do_subscribe(actor: log.Actor, plan: Plan, email: str, language: str) -> bool:
    """Ask to follow a plan: a confirmation mail goes to the address, unless it already follows
    the plan or was mailed within the hour. True when a mail was sent. The caller shows the
    same answer either way, so the form does not reveal who follows what."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ActionError(f"{email[:80]!r} is not an e-mail address", code="email") from None
    if not plan.is_public:
        raise ActionError("only published plans can be followed")
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().filter(plan=plan, email=email).first()
    if subscription is not None and (
        subscription.state == Subscription.State.CONFIRMED
        or now - subscription.requested_at < RESEND_AFTER
    ):
        return False
    if subscription is None:
        subscription = Subscription(plan=plan, email=email)
    subscription.language = language
    subscription.requested_at = now
    subscription.save()
    log.record(actor, "subscription.request", plan, plan_id=plan.id, label=plan.title)
    token = subscription.token
    transaction.on_commit(lambda: mail.send_confirmation.enqueue(str(token)))
    return True


@transaction.atomic
def do_confirm_subscription(actor: log.Actor, token: str) -> Subscription:
    subscription = _by_token(token)
    if subscription.state == Subscription.State.CONFIRMED:
        return subscription  # a second click on the same link changes nothing
    if timezone.now() - subscription.requested_at > CONFIRM_WITHIN:
        raise ActionError("the confirmation link has expired", code="subscription_expired")
    SUBSCRIPTION.apply(subscription, "confirm")
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["state", "confirmed_at"])
    plan = subscription.plan
    log.record(actor, "subscription.confirm", plan, plan_id=plan.id, label=plan.title)
    return subscription


@transaction.atomic
def do_unsubscribe(actor: log.Actor, token: str) -> Plan:
    """End a subscription (pending or confirmed) and forget the address."""
    subscription = _by_token(token)
    plan = subscription.plan
    subscription.delete()
    log.record(actor, "subscription.end", plan, plan_id=plan.id, label=plan.title)
    return plan


@transaction.atomic
def do_purge_unconfirmed(actor: log.Actor) -> int:
    """Forget the addresses that were never confirmed in time."""
    stale = Subscription.objects.filter(
        state=Subscription.State.PENDING, requested_at__lt=timezone.now() - CONFIRM_WITHIN
    )
    count, _ = stale.delete()
    if count:
        log.record(actor, "subscription.purge", None, after={"count": count})
    return count


def _by_token(token: str) -> Subscription:
    import uuid

    try:
        key = uuid.UUID(token)
    except ValueError:
        raise ActionError("no such subscription", code="subscription_unknown") from None
    subscription = (
        Subscription.objects.select_for_update().select_related("plan").filter(token=key).first()
    )
    if subscription is None:
        raise ActionError("no such subscription", code="subscription_unknown")
    return subscription
