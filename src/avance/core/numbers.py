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


def rate(value: float | None) -> str:
    """A rate per 1,000 inhabitants, small as such rates are: «0.045», «3.25», «1,250.5»."""
    if value is None:
        return "—"
    value = float(value)
    if abs(value) < 1:
        return f"{value:.3f}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"
