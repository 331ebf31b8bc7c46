"""Server-side SVG charts with text alternatives. Deterministic output: same data, same bytes."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from avance.core import numbers

GREEN, AMBER, RED, GREY, TRACK = "#15803d", "#b45309", "#b91c1c", "#6b7280", "#e5e7eb"


def colour(percent: float | None) -> str:
    if percent is None:
        return GREY
    return GREEN if percent >= 70 else AMBER if percent >= 35 else RED


def fmt(percent: float | None) -> str:
    return numbers.percent(percent)


def bar(percent: float | None, label: str, width: int = 160, height: int = 10) -> SafeString:
    """A progress bar; `label` is what a screen reader announces."""
    filled = 0 if percent is None else round(width * max(0.0, min(percent, 100.0)) / 100)
    return mark_safe(
        f'<svg class="bar" role="img" aria-label="{escape(label)}: {fmt(percent)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" rx="2" fill="{TRACK}"/>'
        f'<rect width="{filled}" height="{height}" rx="2" fill="{colour(percent)}"/></svg>'
    )


def band(color: str) -> SafeString:
    """A decorative strip in an institution's colour (an SVG attribute, which the content
    security policy allows where an inline style would not). Only #RRGGBB gets through."""
    if (
        len(color) != 7
        or not color.startswith("#")
        or not all(c in "0123456789abcdefABCDEF" for c in color[1:])
    ):
        return mark_safe("")
    return mark_safe(
        '<svg class="band" aria-hidden="true" focusable="false" width="100%" height="6" '
        f'preserveAspectRatio="none" viewBox="0 0 100 6"><rect width="100" height="6" '
        f'fill="{color}"/></svg>'
    )


def axes(rows: list[tuple[str, float | None]], title: str, width: int = 520) -> SafeString:
    """Horizontal bars, one per top-level item, with the value written beside each."""
    row_height, label_width, value_width = 22, 210, 48
    plot = width - label_width - value_width
    height = row_height * len(rows) + 4
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title id="chart-title">{escape(title)}</title>'
    ]
    for i, (label, percent) in enumerate(rows):
        y = i * row_height + 2
        shown = label if len(label) <= 34 else label[:33] + "…"
        filled = 0 if percent is None else round(plot * max(0.0, min(percent, 100.0)) / 100)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="10">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{plot}" height="12" fill="{TRACK}"/>'
            f'<rect x="{label_width}" y="{y + 4}" width="{filled}" height="12" fill="{colour(percent)}"/>'
            f'<text x="{label_width + plot + 6}" y="{y + 14}" font-size="10">{fmt(percent)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
