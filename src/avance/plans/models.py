"""A plan is a tree of nodes at named levels, with the plan-level sections its document states."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from avance.core import refs
from avance.core.rollup import METHODS, MISSING_POLICIES
from avance.organizations.models import Organization


class Plan(models.Model):
    class Kind(models.TextChoices):
        # Keys are the avance.plan/1 `kind` values.
        ANNUAL_WORK_PLAN = "plan_anual_trabajo", _("Annual work plan")
        POA = "programa_operativo_anual", _("Annual operating programme (POA)")
        OPEN_GOVERNMENT = "plan_accion_estado_abierto", _("Open-government action plan")
        REGIONAL = "plan_trabajo_regional", _("Regional work plan")
        OTHER = "otro", _("Other")

    class State(models.TextChoices):
        # The plan lifecycle (avance.core.lifecycle.PLAN): drafts are never public.
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class RollupMethod(models.TextChoices):
        MEAN = "mean", _("Mean of children")
        WEIGHTED = "weighted", _("Weighted mean of children")
        COMPLETED_RATIO = "completed_ratio", _("Completed items / planned items × 100")
        LEAVES = "leaves", _("Mean of all descendant items")

    class Missing(models.TextChoices):
        SKIP = "skip", _("Left out of the calculation")
        ZERO = "zero", _("Counted as 0%")

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    owner = models.ForeignKey(
        Organization, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="plans"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_plans",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    issued = models.DateField(_("issued on"), null=True, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    author_position = models.CharField(_("author's position"), max_length=300, blank=True)
    author_organization = models.CharField(_("author's organization"), max_length=300, blank=True)
    region = models.JSONField(_("region covered"), default=list, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    swot = models.JSONField(
        _("SWOT analysis"),
        null=True,
        blank=True,
        help_text=_("Lists under strengths, weaknesses, opportunities and threats."),
    )
    objective = models.TextField(_("general objective"), blank=True)
    program = models.TextField(_("budget programme"), blank=True)
    strategy = models.TextField(_("strategy"), blank=True)
    goal = models.TextField(_("goals"), blank=True)
    budget = models.DecimalField(
        _("budget (MXN)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    beneficiaries = models.JSONField(
        _("beneficiaries"),
        null=True,
        blank=True,
        help_text=_('{"direct": number or words, "indirect": number or words}'),
    )
    alignment = models.JSONField(
        _("alignment"),
        default=list,
        blank=True,
        help_text=_('Higher plans it serves: [{"framework": "PMD", "ref": "2", "title": "..."}]'),
    )
    evaluation_frequency = models.CharField(_("evaluation frequency"), max_length=100, blank=True)
    evaluation_evaluator = models.CharField(_("evaluated by"), max_length=300, blank=True)
    evaluation_method = models.TextField(_("evaluation formula"), blank=True)
    rollup_method = models.CharField(
        _("roll-up method"), max_length=20, choices=RollupMethod.choices, default=RollupMethod.MEAN
    )
    rollup_missing = models.CharField(
        _("items without a value"), max_length=10, choices=Missing.choices, default=Missing.SKIP
    )

    class IndicatorProgress(models.TextChoices):
        OFF = "", _("Items report their own progress")
        CAPPED = "capped", _("Items with indicators take their achievement (each up to 100%)")
        UNCAPPED = (
            "uncapped",
            _("Items with indicators take their achievement (one's excess makes up for another)"),
        )

    # Whether an item with indicators takes, as its progress, the mean achievement of its
    # indicators' latest published readings (progress/rollups.py); «capped» caps each
    # indicator at 100 % before the mean. An item's progress is never above 100 % either way.
    indicator_progress = models.CharField(
        _("progress of items with indicators"),
        max_length=10,
        choices=IndicatorProgress.choices,
        blank=True,
        default="",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Set when a planner first publishes the plan; an archived plan stays public if it has one.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["owner__name", "title"]
        # The home page of a large site lists the most recently updated plans.
        indexes = [models.Index(fields=["-updated_at", "id"], name="plan_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Shown on public pages, downloads and the API: published, or archived after it was."""
        return self.published_at is not None and self.state != Plan.State.DRAFT

    @property
    def is_archived(self) -> bool:
        return self.state == Plan.State.ARCHIVED


assert set(Plan.RollupMethod.values) == set(METHODS)
assert set(Plan.Missing.values) == set(MISSING_POLICIES)


class Level(models.Model):
    """A named level of a plan's tree, from the root down ("Eje", "Compromiso", "Acción")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("name (singular)"), max_length=100)
    plural = models.CharField(_("name (plural)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="level_unique_position"),
            models.UniqueConstraint(fields=["plan", "name"], name="level_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.Model):
    """A plan's catalogue of statuses an item can be reported in."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statuses")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7, default="#6b7280")
    default_percent = models.FloatField(
        _("default percent"),
        null=True,
        blank=True,
        help_text=_("Progress assumed when an update gives this status and no percent."),
    )
    counts = models.BooleanField(
        _("counts toward progress"),
        default=True,
        help_text=_("Items in a status that does not count are left out of the roll-up."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="status_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class Node(models.Model):
    """One item of a plan at any depth: an axis, a commitment, an activity..."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT)
    # Stable identifier for public URLs and for matching across imports and exports.
    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(_("number"), max_length=40, blank=True, help_text=_("As printed: 1.5"))
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(_("weight"), default=1.0)
    position = models.PositiveIntegerField(_("order"), default=0)
    goal = models.TextField(_("goals"), blank=True)
    budget = models.DecimalField(
        _("budget (MXN)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    beneficiaries = models.JSONField(_("beneficiaries"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    evaluation_frequency = models.CharField(_("evaluation frequency"), max_length=100, blank=True)
    alignment = models.JSONField(_("alignment"), default=list, blank=True)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nodes",
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "parent", "position"], name="node_tree_order")]

    def __str__(self) -> str:
        # Out of its tree (audit, reminders, work lists) an item is known by its full reference.
        ref = self.full_ref
        label = f"{ref} {self.title}" if ref else self.title
        return label if len(label) <= 90 else label[:89] + "…"

    @property
    def full_ref(self) -> str:
        """«1.1.3» for «Acción 3» under «Compromiso 1.1» (one query per ancestor not loaded)."""
        chain = []
        node: Node | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        prefix = full = ""
        for item in reversed(chain):
            full = refs.full_ref(prefix, item.ref)
            prefix = full or prefix
        return full


class Responsible(models.Model):
    """A person or body responsible for a node; civil-society co-creators included."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible")
        CO_CREATOR = "co_creator", _("Co-creating organization")

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="responsibles")
    name = models.CharField(_("name"), max_length=300, blank=True)
    job_title = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.RESPONSIBLE
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")
        ordering = ["node", "position"]

    def __str__(self) -> str:
        return self.name or self.organization
