"""Numbers as every page, report and trail writes them. Plain Python."""

from __future__ import annotations


def percent(value: float | None) -> str:
    """«54.4%», «10%»; «—» for no value."""
    if value is None:
        return "—"
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"


def figure(value: float | None) -> str:
    """An indicator's figure in its own unit: «1,250», «12.5»; «—» for no value."""
    if value is None or value == "":
        return "—"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
