from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.plans.models import Plan


class Subscription(models.Model):
    """A citizen follows a plan by e-mail: confirmed by a link sent to the address (double
    opt-in), ended by a one-click link in every mail. Only the address is kept."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("e-mail"))
    # The secret in the confirmation and unsubscribe links: whoever holds the mail holds it.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The language the citizen used on the site, so that the mails speak it too.
    language = models.CharField(max_length=10)
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "email"], name="subscription_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.plan}"
