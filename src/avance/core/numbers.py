"""Numbers as every page, report and trail writes them. Plain Python."""

from __future__ import annotations


def percent(value: float | None) -> str:
    """«54.4%», «10%»; «—» for no value."""
    if value is None:
        return "—"
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
