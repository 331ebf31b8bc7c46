"""Networks of institutions: a regional coordination, a national system, a state's open-government
secretariat. The network is an Organization of kind «network»; these models say who belongs to
it, since when, and who coordinates it for which term."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.organizations.models import Organization
from avance.plans.models import Node


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


class NetworkRole(models.Model):
    """A person's part in a network. The coordinator manages the network's agenda, forms and
    periods; a liaison reports for one member institution. Approving a member's figures stays
    with that institution's own reviewers (accounts.Membership)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Network coordinator")
        LIAISON = "liaison", _("Member liaison")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    network = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="liaisons"
    )

    class Meta:
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "role", "member"], name="network_role_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.network}"


class StatsForm(models.Model):
    """A statistics form of the network (as a DHIS2 data set); its variables live in versions."""

    network = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="stats_forms")
    slug = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("statistics form")
        verbose_name_plural = _("statistics forms")
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="stats_form_slug_once")
        ]

    def __str__(self) -> str:
        return self.name


class FormVersion(models.Model):
    """One version of a form's definition (core.statistics.read_form). A published version never
    changes: changing it makes the next version, and figures stay comparable wherever a
    variable's fingerprint is the same."""

    form = models.ForeignKey(StatsForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["form", "-number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="form_version_once")]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class StatsPeriod(models.Model):
    """A form opened for a period: members fill it in until the due date (later ones are late)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    form = models.ForeignKey(StatsForm, on_delete=models.CASCADE, related_name="periods")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="periods")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("due date"))
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)

    class Meta:
        verbose_name = _("statistics period")
        verbose_name_plural = _("statistics periods")
        ordering = ["form", "end"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="stats_period_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.form} · {self.label}"


class Submission(models.Model):
    """One member's figures for one period: draft → submitted → approved by the member's own
    reviewer (then public), or returned (by that reviewer or the coordinator) with a comment."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(StatsPeriod, on_delete=models.CASCADE, related_name="submissions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="submissions")
    values = models.JSONField(default=dict)  # {field key: number, bool or text}
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "member"], name="submission_once")]

    def __str__(self) -> str:
        return f"{self.period} · {self.member.organization}"

    @property
    def late(self) -> bool:
        return self.submitted_at is not None and self.submitted_at.date() > self.period.due


class Adoption(models.Model):
    """A member's decision on a line of the network's agenda: adopted (optionally linked to an
    item of its own plan, whose published progress then counts) or declined with a reason."""

    line = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="adoptions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="adoptions")
    adopted = models.BooleanField(default=True)
    reason = models.TextField(_("reason"), blank=True)
    item = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="network_lines"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "member"], name="adoption_once")]

    def __str__(self) -> str:
        return f"{self.member.organization} · {self.line}"


class Session(models.Model):
    """A session of the network (ordinary, extraordinary, a «mesa de análisis»)."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary session")
        EXTRAORDINARY = "extraordinary", _("Extraordinary session")
        WORKING = "working", _("Working group")

    network = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    present = models.ManyToManyField(Member, related_name="sessions", blank=True)

    class Meta:
        ordering = ["network", "-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Agreement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agreements")
    ref = models.CharField(_("number"), max_length=40)
    text = models.TextField(_("agreement"))
    due = models.DateField(_("due date"), null=True, blank=True)
    responsible = models.ManyToManyField(Member, related_name="agreements")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(_("follow-up"), blank=True)
    evidence = models.URLField(_("evidence link"), blank=True, max_length=500)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "ref"]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"
