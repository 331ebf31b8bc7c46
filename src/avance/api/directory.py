"""Public endpoints about institutions and networks: who they are, a network's members, its
published statistics (the tidy rows of networks.figures, as the open-data files) and its
agreements. Formatters over the same read models as the portal's network pages."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.pagination import paginate

from avance.api import schemas
from avance.api.pagination import Pages
from avance.networks import figures
from avance.networks.models import Coordination, Member, StatsForm
from avance.networks.published import sessions_of
from avance.organizations.models import Organization
from avance.portal.access import get_public_institution
from avance.portal.networks import get_public_network

router = Router(tags=["institutions and networks"])


def _institution(org: Organization) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name,
        "acronym": org.acronym,
        "kind": org.kind,
        "parent": None,
        "website": org.website,
        "url": reverse("institution", args=[org.slug]),
    }


@router.get(
    "/institutions",
    response={200: list[schemas.Institution], **schemas.READ_ERRORS},
    summary="Institutions",
)
@paginate(Pages)
def institution_list(request: HttpRequest) -> Any:
    return _Lazy(Organization.objects.filter(parent__isnull=True).order_by("slug"), _institution)


@router.get(
    "/institutions/{slug}",
    response={200: schemas.Institution, **schemas.READ_ERRORS},
    summary="One institution",
)
def institution_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = get_public_institution(slug)
    data = _institution(org)
    if org.parent_id is not None:
        data["parent"] = org.parent.slug if org.parent else None
    return data


class _Lazy:
    """Sliced before it is shaped: a page reads its own rows only."""

    def __init__(self, rows: Any, shape: Any):
        self.rows, self.shape = rows, shape

    def __len__(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.shape(row) for row in self.rows[index]]


def _network(network: Organization) -> dict[str, Any]:
    coordination = (
        Coordination.objects.filter(network=network, end__isnull=True)
        .select_related("coordinator")
        .first()
    )
    members = Member.objects.filter(network=network, left__isnull=True).select_related(
        "organization"
    )
    return {
        "slug": network.slug,
        "name": network.name,
        "acronym": network.acronym,
        "url": reverse("institution", args=[network.slug]),
        "coordinator": (
            {
                "slug": coordination.coordinator.slug,
                "name": coordination.coordinator.name,
                "acronym": coordination.coordinator.acronym,
            }
            if coordination
            else None
        ),
        "members": [
            {
                "slug": m.organization.slug,
                "name": m.organization.name,
                "acronym": m.organization.acronym,
                "joined": m.joined,
                "population": m.population,
            }
            for m in sorted(members, key=lambda m: m.organization.slug)
        ],
        "forms": list(
            StatsForm.objects.filter(network=network)
            .order_by("slug")
            .values_list("slug", flat=True)
        ),
    }


@router.get(
    "/networks",
    response={200: list[schemas.Network], **schemas.READ_ERRORS},
    summary="Networks and their members",
)
@paginate(Pages)
def network_list(request: HttpRequest) -> Any:
    return _Lazy(
        Organization.objects.filter(kind=Organization.Kind.NETWORK).order_by("slug"), _network
    )


@router.get(
    "/networks/{slug}",
    response={200: schemas.Network, **schemas.READ_ERRORS},
    summary="One network",
)
def network_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _network(get_public_network(slug))


@router.get(
    "/networks/{slug}/statistics",
    response={200: list[schemas.StatisticsRow], **schemas.READ_ERRORS},
    summary="Published statistics as tidy rows",
)
@paginate(Pages)
def network_statistics(
    request: HttpRequest,
    slug: str,
    period: str | None = None,
    variable: str | None = None,
    member: str | None = None,
) -> list[dict[str, Any]]:
    """One row per member, period, variable and disaggregation: the value when the member's
    figures are approved, else an empty value and the status «sin reporte» (never a zero)."""
    network = get_public_network(slug)
    rows = figures.tidy_rows(network, period_key=period or None)
    if variable:
        rows = [r for r in rows if r["variable"] == variable]
    if member:
        rows = [r for r in rows if r["member"] == member]
    # The files' empty cell is JSON's null here.
    return [{**r, "value": None if r["value"] == "" else r["value"]} for r in rows]


@router.get(
    "/networks/{slug}/agreements",
    response={200: list[schemas.Agreement], **schemas.READ_ERRORS},
    summary="Agreements",
)
def network_agreements(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    network = get_public_network(slug)
    return [
        {
            "code": str(agreement.code),
            "session": session.date,
            "ref": agreement.ref,
            "text": agreement.text,
            "due": agreement.due,
            "status": agreement.status,
            "responsible": sorted(m.organization.slug for m in agreement.responsible.all()),
            "note": agreement.note,
            "evidence": agreement.evidence,
        }
        for session in sessions_of(network)
        for agreement in session.agreements.all()
    ]
