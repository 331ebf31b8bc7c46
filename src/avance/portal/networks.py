"""A network's public pages: its statistics compared across members and periods (with the
members that did not report marked as such), one member's figures, the tidy open data, and the
agenda's line × member matrix. Formatters over networks.figures and networks.published."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from avance.networks import figures, formats
from avance.networks.models import Member, StatsForm
from avance.networks.published import agenda_view
from avance.organizations.models import Organization
from avance.portal import charts_extra


def get_public_network(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug, kind=Organization.Kind.NETWORK)


def _get_form(network: Organization, slug: str) -> StatsForm:
    return get_object_or_404(StatsForm, network=network, slug=slug)


def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    """Every form with its variables (each linking to its comparison) and, per period, how many
    members' figures are public."""
    network = get_public_network(slug)
    blocks = []
    for form in figures.forms_of(network):
        data = figures.FormFigures(form)
        periods = [
            {
                "period": period,
                "expected": len(data.expected(period)),
                "reported": sum(
                    1 for m in data.expected(period) if (period.pk, m.pk) in data.values
                ),
            }
            for period in data.periods
        ]
        blocks.append({"form": form, "variables": data.latest.variables, "periods": periods})
    members = Member.objects.filter(network=network).select_related("organization")
    return render(
        request,
        "portal/network_statistics.html",
        {"network": network, "blocks": blocks, "members": members.order_by("organization__name")},
    )


def variable(request: HttpRequest, slug: str, form_slug: str, code: str) -> HttpResponse:
    network = get_public_network(slug)
    form = _get_form(network, form_slug)
    data = figures.FormFigures(form)
    try:
        table = data.comparison(code.upper())
    except KeyError:
        raise Http404("no such variable") from None
    chart = ""
    if table["columns"] and table["variable"].numeric:
        last = len(table["columns"]) - 1
        rows = [
            (
                row["member"].organization.acronym or row["member"].organization.name,
                row["cells"][last].value if row["cells"][last] is not None else None,
                row["cells"][last] is not None,
            )
            for row in table["rows"]
        ]
        chart = charts_extra.value_bars(
            [(label, value) for label, value, expected in rows if expected],
            f"{table['variable'].name} · {table['columns'][last].period.label}",
        )
    trend = ""
    if len(table["columns"]) > 1 and table["variable"].numeric:
        trend = charts_extra.value_bars(
            [
                (column.period.label, column.aggregate.total if column.aggregate else None)
                for column in table["columns"]
            ],
            gettext("Regional total by period (members that reported)"),
        )
    return render(
        request,
        "portal/network_variable.html",
        {"network": network, "form": form, "table": table, "chart": chart, "trend": trend},
    )


def member(request: HttpRequest, slug: str, form_slug: str, member_slug: str) -> HttpResponse:
    network = get_public_network(slug)
    form = _get_form(network, form_slug)
    data = figures.FormFigures(form)
    chosen = next((m for m in data.members if m.organization.slug == member_slug), None)
    if chosen is None:
        raise Http404("no such member")
    return render(
        request,
        "portal/network_member.html",
        {
            "network": network,
            "form": form,
            "member": chosen,
            "periods": data.periods,
            "rows": data.member_table(chosen),
        },
    )


def data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The tidy open data (`?periodo=KEY` for one period)."""
    network = get_public_network(slug)
    if fmt not in formats.TIDY:
        raise Http404("no such format")
    body = formats.tidy(network, fmt, period_key=request.GET.get("periodo") or None)
    response = HttpResponse(body, content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-estadisticas.{fmt}"'
    return response


def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_public_network(slug)
    return render(
        request, "portal/network_agenda.html", {"network": network, "agenda": agenda_view(network)}
    )
