"""Who may do what, per institution: memberships with a role, and items assigned to officers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.organizations.models import Organization
from avance.plans.models import Node


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        PLANNER = "planner", _("Planner")
        OFFICER = "officer", _("Responsible officer")
        REVIEWER = "reviewer", _("Reviewer")
        READER = "reader", _("Read-only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class Assignment(models.Model):
    """An item a responsible officer reports on (its descendants included)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    node = models.ForeignKey(
        Node, verbose_name=_("item"), on_delete=models.CASCADE, related_name="assignments"
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["user", "node"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.node}"
