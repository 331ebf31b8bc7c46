"""Number formats for reports (es-MX: comma thousands, point decimals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext

from avance.core import links, numbers
from avance.formatting import long_date
from avance.reports import charts

register = template.Library()


@register.filter
def pct(value: float | str | None) -> str:
    # A missing attribute reaches a filter as "" (e.g. the achievement of an indicator with no
    # measurement yet at an earlier cut-off): shown as no figure, like None.
    return charts.fmt(None if value == "" else value)  # type: ignore[arg-type]


@register.filter
def money(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return f"${Decimal(value):,.2f}"


@register.filter
def people(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value or "—")


@register.filter
def href(value: str | None) -> str:
    """A link target only for http, https and mailto links ("" otherwise: shown as text)."""
    return links.href(value or "")


@register.filter
def longdate(value: Any) -> str:
    """«30 de junio de 2025» / «June 30, 2025» (avance.formatting.long_date)."""
    return long_date(value)


@register.filter
def longdatetime(value: Any) -> str:
    """«2 de diciembre de 2026, 11:50» in local time (audit entries, histories)."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{long_date(local)}, {local:%H:%M}"


@register.filter
def number(value: float | None) -> str:
    """«1,250», «12.5», «—» for no value: an indicator's figures in its own unit."""
    return numbers.figure(value)


LIGHT_COLOURS = {"green": charts.GREEN, "yellow": charts.AMBER, "red": charts.RED}


@register.filter
def light(value: str | None) -> str:
    """A semáforo colour with its word (never the colour alone); «sin información» without one.
    A filter rather than an included template: tables of indicators have hundreds of rows."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    words = {"green": gettext("Green"), "yellow": gettext("Yellow"), "red": gettext("Red")}
    if value not in LIGHT_COLOURS:
        return format_html('<span class="muted">{}</span>', gettext("no information"))
    return format_html(
        '<span class="light light-{}"><svg width="12" height="12" aria-hidden="true" '
        'focusable="false"><circle cx="6" cy="6" r="6" fill="{}"/></svg> {}</span>',
        value,
        LIGHT_COLOURS[value],
        words[value],
    )


@register.filter
def thresholds(profile: Any) -> str:
    """A semáforo profile's thresholds in the active language (core.indicators.semaphore)."""
    from django.utils.translation import gettext

    green, yellow = number(profile.green), number(profile.yellow)
    if profile.key == "band":
        return gettext(
            "green within ±%(green)s%% of the goal, yellow within ±%(yellow)s%%, red beyond"
        ) % {"green": green, "yellow": yellow}
    if profile.key == "milestone":
        return gettext("green when reached, red otherwise")
    return gettext(
        "green at %(green)s%% of the goal or more, yellow at %(yellow)s%% or more, red below"
    ) % {"green": green, "yellow": yellow}


@register.filter
def statvalue(value: object) -> str:
    """A network statistic as pages show it: numbers as `number`, yes/no in the page's
    language, text as it was written."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return number(value)
    return "" if value is None else str(value)


@register.filter
def rate(value: float | None) -> str:
    return numbers.rate(value)
