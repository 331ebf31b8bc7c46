"""The open-data catalogue: every published dataset with its files, licence, last update and
data dictionary. A read model over what the portal publishes (public plans and their published
cut-offs, networks' published statistics); `/datos/`, the datapackages and the DCAT catalogue
are formatters over it.

A plan's dataset holds its table (CSV) at current values and at each published period, with its
JSON and XLSX, and its standard exports; a network's holds its tidy statistics, all periods and
each one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from avance import config
from avance.core.tabular import EXPORT_COLUMNS
from avance.networks.figures import TIDY_COLUMNS
from avance.networks.models import StatsPeriod
from avance.organizations.models import Organization
from avance.plans.models import Plan
from avance.portal.access import public_plans
from avance.progress.models import ReportingPeriod
from avance.progress.published import published_periods
from avance.reports.formats import ogp

# The data dictionary: each column of a published table, its Frictionless type and meaning.
# Keys are checked against the tables' own column lists (tests), so the two cannot drift.
PLAN_FIELDS: dict[str, tuple[str, Any]] = {
    "id": ("integer", _("Row number of the item in this file")),
    "parent": ("integer", _("Row number of the item it belongs to (empty at the top)")),
    "level": ("string", _("Level of the item in the plan («Eje», «Línea de acción», …)")),
    "ref": ("string", _("Number of the item as printed in the plan")),
    "title": ("string", _("Title of the item")),
    "description": ("string", _("Description")),
    "progress": ("number", _("Progress reported for the item, in percent")),
    "status": ("string", _("Status reported for the item")),
    "note": ("string", _("Clarifying note")),
    "evidence": ("string", _("Evidence links, separated by « | »")),
    "responsible": ("string", _("Responsible people or areas, separated by « | »")),
    "goal": ("string", _("Goal")),
    "budget": ("number", _("Budget, in pesos")),
    "beneficiaries_direct": ("string", _("Direct beneficiaries")),
    "beneficiaries_indirect": ("string", _("Indirect beneficiaries")),
    "start": ("date", _("Start date")),
    "end": ("date", _("End date")),
    "evaluation_frequency": ("string", _("How often it is evaluated")),
    "weight": ("number", _("Weight in its parent's figure (weighted roll-up)")),
    "full_ref": ("string", _("Full reference («1.1.3»)")),
    "computed_progress": (
        "number",
        _("Progress computed by the plan's stated roll-up, in percent"),
    ),
    "cutoff": ("string", _("Which published state the file shows")),
}
NETWORK_FIELDS: dict[str, tuple[str, Any]] = {
    "network": ("string", _("Network (slug)")),
    "member": ("string", _("Member institution (slug)")),
    "period": ("string", _("Statistics period (key)")),
    "variable": ("string", _("Variable code")),
    "disaggregation": ("string", _("Category of the breakdown; empty for the total")),
    "value": ("any", _("Approved value; empty when the member did not report")),
    "status": ("string", _("«publicado», «sin dato» (reported empty) or «sin reporte»")),
}
OGP_FIELDS: dict[str, tuple[str, Any]] = {
    "commitment_ref": ("string", _("Commitment number")),
    "commitment": ("string", _("Commitment")),
    "milestone_ref": ("string", _("Milestone number")),
    "milestone": ("string", _("Milestone")),
    "lead_institution": ("string", _("Lead institution")),
    "supporting_actors": ("string", _("Supporting actors, separated by « | »")),
    "start": ("date", _("Start date")),
    "end": ("date", _("End date")),
    "completion_percent": ("number", _("Computed progress, in percent")),
    "completion_level": (
        "string",
        _("not started (0), limited (under 50), substantial (under 100), complete (100)"),
    ),
    "evidence": ("string", _("Evidence links, separated by « | »")),
    "cutoff": ("string", _("Which published state the file shows")),
}
assert list(PLAN_FIELDS) == EXPORT_COLUMNS and list(NETWORK_FIELDS) == TIDY_COLUMNS
assert list(OGP_FIELDS) == ogp.COLUMNS


@dataclass
class Resource:
    name: str  # a datapackage resource name: lower case, digits, - _ .
    title: str
    url: str  # site-relative
    format: str
    media_type: str
    fields: dict[str, tuple[str, Any]] | None = None  # a table's dictionary; None: not tabular


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    publisher: Organization
    modified: dt.datetime | None
    page: str  # its public page
    resources: list[Resource] = field(default_factory=list)

    @property
    def datapackage(self) -> str:
        return reverse("data-package", args=[self.name])


def licence() -> dict[str, str]:
    key = settings.DATA_LICENCE
    title, path = config.LICENCES[key]
    return {"name": key, "title": title, "path": path}


def _plan_dataset(plan: Plan, published: list[ReportingPeriod] | None = None) -> Dataset:
    """`published`: the plan's published periods, when the caller read them for many plans."""
    if published is None:
        published = published_periods(plan)
    periods: list[ReportingPeriod | None] = [None, *reversed(published)]
    base = reverse("plan-download", args=[plan.slug, "csv"])
    resources = []
    for period in periods:
        key = period.key if period else "vigente"
        query = f"?periodo={period.key}" if period else ""
        label = period.label if period else str(_("Current values"))
        resources.append(
            Resource(f"{plan.slug}-{key}", label, base + query, "csv", "text/csv", PLAN_FIELDS)
        )
    resources += [
        Resource(
            f"{plan.slug}-json",
            "avance.plan/1",
            reverse("plan-download", args=[plan.slug, "json"]),
            "json",
            "application/json",
        ),
        Resource(
            f"{plan.slug}-xlsx",
            "XLSX",
            reverse("plan-download", args=[plan.slug, "xlsx"]),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Resource(
            f"{plan.slug}-iati",
            "IATI 2.03",
            reverse("plan-standard", args=[plan.slug, "iati.xml"]),
            "xml",
            "application/xml",
        ),
    ]
    if plan.kind == Plan.Kind.OPEN_GOVERNMENT:
        resources.append(
            Resource(
                f"{plan.slug}-ogp",
                "OGP / IRM",
                reverse("plan-standard", args=[plan.slug, "ogp.csv"]),
                "csv",
                "text/csv",
                OGP_FIELDS,
            )
        )
    return Dataset(
        name=f"plan-{plan.slug}",
        title=plan.title,
        description=plan.objective or plan.title,
        publisher=plan.owner,
        modified=max(
            [d for d in [plan.published_at, *[p.published_at for p in periods if p]] if d],
            default=None,
        ),
        page=reverse("plan", args=[plan.slug]),
        resources=resources,
    )


def _network_dataset(network: Organization) -> Dataset:
    base = reverse("network-data", args=[network.slug, "csv"])
    periods = list(
        StatsPeriod.objects.filter(form__network=network)
        .order_by("-start", "key")
        .values_list("key", "label")
        .distinct()
    )
    resources = [
        Resource(
            f"{network.slug}-todo", str(_("All periods")), base, "csv", "text/csv", NETWORK_FIELDS
        )
    ]
    resources += [
        Resource(
            f"{network.slug}-{key}",
            label,
            f"{base}?periodo={key}",
            "csv",
            "text/csv",
            NETWORK_FIELDS,
        )
        for key, label in dict.fromkeys(periods)
    ]
    from avance.networks.models import Submission

    latest = (
        Submission.objects.filter(period__form__network=network, state="approved")
        .order_by("-approved_at")
        .values_list("approved_at", flat=True)
        .first()
    )
    return Dataset(
        name=f"red-{network.slug}",
        title=str(_("Statistics of %(network)s")) % {"network": network.name},
        description=str(_("Standardised statistics of the network's members, by period.")),
        publisher=network,
        modified=latest,
        page=reverse("network-statistics", args=[network.slug]),
        resources=resources,
    )


def datasets() -> list[Dataset]:
    plans = list(public_plans().select_related("owner").order_by("slug"))
    # Every plan's published periods in one read (a national site has tens of thousands).
    by_plan: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(
        plan__in=public_plans(), state=ReportingPeriod.State.PUBLISHED
    ):
        by_plan[period.plan_id].append(period)
    networks = (
        Organization.objects.filter(kind=Organization.Kind.NETWORK, stats_forms__isnull=False)
        .distinct()
        .order_by("slug")
    )
    return [
        *(
            _plan_dataset(plan, sorted(by_plan[plan.id], key=lambda p: p.order_key))
            for plan in plans
        ),
        *map(_network_dataset, networks),
    ]


def dataset(name: str) -> Dataset | None:
    kind, _sep, slug = name.partition("-")
    if kind == "plan":
        plan = public_plans().select_related("owner").filter(slug=slug).first()
        return _plan_dataset(plan) if plan else None
    if kind == "red":
        network = Organization.objects.filter(
            kind=Organization.Kind.NETWORK, slug=slug, stats_forms__isnull=False
        ).first()
        return _network_dataset(network) if network else None
    return None


def datapackage(item: Dataset, absolute: Any) -> dict[str, Any]:
    """The dataset as a Frictionless Data Package (v1), its tables with their schema."""
    return {
        "name": item.name,
        "title": item.title,
        "description": item.description,
        "homepage": absolute(item.page),
        "licenses": [licence()],
        **({"created": item.modified.isoformat()} if item.modified else {}),
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "path": absolute(resource.url),
                "format": resource.format,
                "mediatype": resource.media_type,
                **(
                    {
                        "profile": "tabular-data-resource",
                        "encoding": "utf-8",
                        "schema": {
                            "fields": [
                                {"name": name, "type": kind, "description": str(text)}
                                for name, (kind, text) in resource.fields.items()
                            ]
                        },
                    }
                    if resource.fields
                    else {}
                ),
            }
            for resource in item.resources
        ],
    }


def dcat(items: list[Dataset], absolute: Any, title: str) -> dict[str, Any]:
    """The site's catalogue in DCAT (JSON-LD)."""
    rights = licence()
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": absolute(reverse("data-catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:license": {"@id": rights["path"]},
        "dcat:dataset": [
            {
                "@id": absolute(item.datapackage),
                "@type": "dcat:Dataset",
                "dct:identifier": item.name,
                "dct:title": item.title,
                "dct:description": item.description,
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": item.publisher.name},
                **({"dct:modified": item.modified.date().isoformat()} if item.modified else {}),
                "dct:license": {"@id": rights["path"]},
                "dcat:landingPage": {"@id": absolute(item.page)},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": resource.title,
                        "dcat:downloadURL": {"@id": absolute(resource.url)},
                        "dcat:mediaType": resource.media_type,
                        "dct:format": resource.format.upper(),
                    }
                    for resource in item.resources
                ],
            }
            for item in items
        ],
    }
