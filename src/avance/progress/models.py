"""Reporting periods, progress updates, declared figures, evidence and stored roll-up results."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from avance.plans.models import Node, Plan, Status


class ReportingPeriod(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("name"), max_length=200, help_text=_("Primer Informe Parcial"))
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    presented_at = models.TextField(_("presented at"), blank=True)
    # When the period was published. Its cut-off counts only updates published by then, so a
    # published cut-off never changes afterwards (see progress/published.py).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="period_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def order_key(self) -> tuple[bool, dt.date, int]:
        """Periods in time order, the same on every database: undated ones (a document's own
        declared state) first, then by end date."""
        return (self.end is not None, self.end or dt.date.min, self.id)


class ProgressUpdate(models.Model):
    """What was reported for one node in one period. Never overwritten: a correction is a new one."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    node = models.ForeignKey(
        Node, verbose_name=_("item"), on_delete=models.CASCADE, related_name="updates"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="updates"
    )
    percent = models.FloatField(_("percent"), null=True, blank=True)
    status = models.ForeignKey(
        Status, verbose_name=_("status"), null=True, blank=True, on_delete=models.PROTECT
    )
    status_text = models.CharField(
        _("status as written"), max_length=300, blank=True, help_text=_("EN ETAPA DE DISEÑO")
    )
    narrative = models.TextField(_("narrative"), blank=True)
    note = models.TextField(_("clarifying note"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The published update a node's current value comes from; kept by do_publish_update.
    is_current = models.BooleanField(_("current value"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("reported by"), max_length=200, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["node", "period__end", "created_at", "id"]
        indexes = [models.Index(fields=["node", "is_current"], name="update_current")]

    def __str__(self) -> str:
        value = f"{self.percent:g}%" if self.percent is not None else (self.status_text or "—")
        return f"{self.node.ref or self.node_id} · {self.period.label} · {value}"


class DeclaredFigure(models.Model):
    """A figure a document or a person declared (e.g. "Avance del Eje 51%"), kept beside the
    computed one and never instead of it. Node empty = the plan as a whole."""

    class Metric(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        REMAINING = "remaining", _("Progress still to reach")
        COUNT = "count", _("Number of items")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="declared_figures")
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_figures",
    )
    node = models.ForeignKey(
        Node,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_figures",
    )
    metric = models.CharField(
        _("figure"), max_length=10, choices=Metric.choices, default=Metric.PROGRESS
    )
    level_name = models.CharField(_("level"), max_length=100, blank=True, help_text=_("For counts"))
    value = models.FloatField(_("value"), null=True, blank=True)
    status_text = models.CharField(_("status as written"), max_length=300, blank=True)
    note = models.TextField(_("clarifying note"), blank=True)
    due = models.DateField(_("due by"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("declared figure")
        verbose_name_plural = _("declared figures")
        ordering = ["plan", "period", "node", "id"]

    def __str__(self) -> str:
        return (
            f"{self.get_metric_display()} {self.value:g}"
            if self.value is not None
            else str(self.metric)
        )


class EvidenceLink(models.Model):
    """A URL or document offered as evidence, for a node or for one of its updates."""

    node = models.ForeignKey(
        Node, verbose_name=_("item"), on_delete=models.CASCADE, related_name="evidence"
    )
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    url = models.CharField(_("link or document"), max_length=2000, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    # An uploaded file, stored through Django's storage API (object storage in a deployment)
    # and only ever served as a download.
    file = models.FileField(_("file"), upload_to="evidencias/%Y/%m/", blank=True)
    content_type = models.CharField(_("type"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["node", "update", "position", "id"]

    def __str__(self) -> str:
        return self.label or self.url or self.file.name or ""


class Rollup(models.Model):
    """The stored result of one roll-up of a plan: current values, or as at a period's cut-off."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rollups")
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("as at period"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rollups",
    )
    method = models.CharField(_("method"), max_length=20)
    missing = models.CharField(_("items without a value"), max_length=10)
    excluded_statuses = models.JSONField(_("excluded statuses"), default=list)
    percent = models.FloatField(_("global progress"), null=True)
    inputs = models.PositiveIntegerField(_("items counted"), default=0)
    excluded = models.JSONField(_("items left out"), default=list)
    node_count = models.PositiveIntegerField(_("items"), default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("roll-up")
        verbose_name_plural = _("roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(period__isnull=True), name="rollup_one_current"
            ),
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=Q(period__isnull=False),
                name="rollup_one_per_period",
            ),
        ]

    def __str__(self) -> str:
        scope = self.period.label if self.period else _("current")
        return f"{self.plan} · {scope}"


class NodeRollup(models.Model):
    """One node's computed percent within a Rollup, with what it was computed from."""

    # Derived rows, written a million at a time by progress.rollups.store() only, which takes
    # ids from the plan itself. Database-level foreign keys would make PostgreSQL check (and
    # lock) every referenced row at commit, doubling the cost of a full recompute; deletes still
    # cascade (Django issues one bulk DELETE).
    rollup = models.ForeignKey(
        Rollup, on_delete=models.CASCADE, related_name="nodes", db_constraint=False
    )
    # No index of its own: the primary key (node, rollup) serves lookups by node.
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="rollups", db_index=False, db_constraint=False
    )
    # A composite key instead of a surrogate id: no sequence and one index fewer to maintain
    # per row when a million rows are written.
    pk = models.CompositePrimaryKey("node", "rollup")
    percent = models.FloatField(_("percent"), null=True)
    inputs = models.PositiveIntegerField(_("inputs counted"), default=0)
    leaf_sum = models.FloatField(default=0.0)
    leaf_count = models.PositiveIntegerField(default=0)
    # [[node_id, reason], ...] for the children left out; null when none was.
    excluded = models.JSONField(_("left out"), null=True)

    class Meta:
        verbose_name = _("computed progress")
        verbose_name_plural = _("computed progress")

    def __str__(self) -> str:
        return f"{self.node_id}: {self.percent}"
