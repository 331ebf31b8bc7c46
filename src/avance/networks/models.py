"""Networks of institutions: a regional coordination, a national system, a state's open-government
secretariat. The network is an Organization of kind «network»; these models say who belongs to
it, since when, and who coordinates it for which term."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.organizations.models import Organization


class Member(models.Model):
    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="network_members"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="network_memberships"
    )
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    # The population the member serves, for rates per 1,000 inhabitants in comparisons.
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization", "joined"], name="member_once_per_joining"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ∈ {self.network}"


class Coordination(models.Model):
    """Which member coordinates the network, for which term."""

    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="coordinations"
    )
    coordinator = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="coordinating"
    )
    start = models.DateField(_("start of the term"))
    end = models.DateField(_("end of the term"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordination")
        verbose_name_plural = _("coordinations")
        ordering = ["network", "-start"]

    def __str__(self) -> str:
        return f"{self.coordinator} → {self.network}"
