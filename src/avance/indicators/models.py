"""Indicators with their ficha técnica, goals per period, measurements and goal-change requests.

The evaluation itself is plain Python (core.indicators); `Reading` rows are its stored results,
written by `actions.do_evaluate_indicator` and explained by the method they record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.plans.models import Node
from avance.progress.models import ReportingPeriod


class Indicator(models.Model):
    class MirLevel(models.TextChoices):
        NONE = "", _("Not a MIR level")
        FIN = "fin", _("Fin")
        PROPOSITO = "proposito", _("Propósito")
        COMPONENTE = "componente", _("Componente")
        ACTIVIDAD = "actividad", _("Actividad")

    class Kind(models.TextChoices):
        NONE = "", _("Not stated")
        STRATEGIC = "estrategico", _("Strategic")
        MANAGEMENT = "gestion", _("Management")

    class Dimension(models.TextChoices):
        NONE = "", _("Not stated")
        EFFICACY = "eficacia", _("Efficacy")
        EFFICIENCY = "eficiencia", _("Efficiency")
        ECONOMY = "economia", _("Economy")
        QUALITY = "calidad", _("Quality")

    class FormulaType(models.TextChoices):
        PERCENTAGE = "porcentaje", _("Percentage")
        RATE_OF_CHANGE = "tasa_variacion", _("Rate of change")
        RATIO = "razon", _("Ratio or average")
        INDEX = "indice", _("Index")
        ABSOLUTE = "absoluto", _("Absolute number")
        MILESTONE = "hito", _("Qualitative or milestone")

    class Sentido(models.TextChoices):
        ASCENDING = "ascending", _("Ascending")
        DESCENDING = "descending", _("Descending")
        BAND = "band", _("Within a band around the goal")

    class Profile(models.TextChoices):
        BAND = "band", _("Two-sided band")
        ASCENDING = "ascending", _("One-sided, ascending")
        DESCENDING = "descending", _("One-sided, descending")
        MILESTONE = "milestone", _("Milestone")

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="indicators")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(_("key"), max_length=40, blank=True)
    name = models.TextField(_("name"))
    definition = models.TextField(_("definition"), blank=True)
    mir_level = models.CharField(
        _("MIR level"), max_length=12, choices=MirLevel.choices, blank=True
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, blank=True)
    dimension = models.CharField(
        _("dimension"), max_length=12, choices=Dimension.choices, blank=True
    )
    formula_type = models.CharField(
        _("formula type"), max_length=16, choices=FormulaType.choices, default="porcentaje"
    )
    method = models.TextField(_("calculation method"), blank=True)
    expression = models.CharField(_("formula"), max_length=500)
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    frequency = models.CharField(_("frequency"), max_length=60, blank=True)
    accumulated = models.BooleanField(_("accumulated"), default=False)
    sentido = models.CharField(
        _("direction"), max_length=12, choices=Sentido.choices, default="ascending"
    )
    profile = models.CharField(
        _("traffic-light profile"), max_length=12, choices=Profile.choices, default="ascending"
    )
    # Thresholds that replace the profile's defaults (core.indicators.semaphore), when set.
    green = models.FloatField(_("green threshold"), null=True, blank=True)
    yellow = models.FloatField(_("yellow threshold"), null=True, blank=True)
    baseline = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveIntegerField(_("baseline year"), null=True, blank=True)
    baseline_note = models.TextField(_("baseline note"), blank=True)
    goal = models.FloatField(_("end-of-plan goal"), null=True, blank=True)
    disaggregation = models.CharField(_("disaggregation"), max_length=300, blank=True)
    reporting_unit = models.CharField(
        _("unit responsible for reporting"), max_length=300, blank=True
    )
    assumptions = models.TextField(_("assumptions"), blank=True)
    alignment = models.JSONField(_("alignment"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["node", "position", "id"]

    def __str__(self) -> str:
        return f"{self.key} {self.name}".strip()


class Variable(models.Model):
    """A named input of the formula, with where its value comes from."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Adds up over periods (a flow)")
        LAST = "last", _("Latest value (a stock)")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField(_("name in the formula"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    source = models.TextField(_("source / means of verification"), blank=True)
    aggregation = models.CharField(
        _("accumulation"), max_length=4, choices=Aggregation.choices, default="sum"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "name"], name="variable_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """The goal of one reporting period: as approved, and as it stands after authorised
    changes (the same until a change is authorised)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="goals")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    original = models.FloatField(_("approved goal"))
    current = models.FloatField(_("current goal"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="goal_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}: {self.current:g}"


class GoalChange(models.Model):
    """«Solicitud de modificación de meta»: requested by an officer with a justification,
    authorised or rejected by a planner; never after the period closed."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        AUTHORISED = "authorised", _("Authorised")
        REJECTED = "rejected", _("Rejected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="changes")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    previous = models.FloatField(_("goal before"))
    requested = models.FloatField(_("requested goal"))
    justification = models.TextField(_("justification"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}: {self.previous:g} → {self.requested:g}"


class Measurement(models.Model):
    """The variables' values of one period, through check-in → review → publish (the progress
    update's lifecycle)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(_("values"))  # {variable name: number}
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.JSONField(_("evidence links"), default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="measurement_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}"


class Reading(models.Model):
    """An indicator's stored evaluation at a published period (core.indicators.evaluate over
    published measurements and current goals), with what it was computed from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(null=True)
    goal = models.FloatField(null=True)
    achievement = models.FloatField(null=True)
    light = models.CharField(max_length=6, blank=True)
    inputs = models.JSONField(default=dict)
    problem = models.TextField(blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="reading_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}: {self.value}"
