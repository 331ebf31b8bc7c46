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
    """Horizontal bars, one per top-level item, with the value written beside each. Labels are
    12 px and wrap onto a second line rather than being cut to a fragment."""
    label_width, value_width, line = 220, 52, 15
    plot = width - label_width - value_width
    wrapped = [_wrap(label, 30) for label, _percent in rows]
    heights = [max(24, 8 + line * len(lines)) for lines in wrapped]
    height = sum(heights) + 4
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title id="chart-title">'
        f"{escape(title)}</title>"
    ]
    y = 2
    for (label, percent), lines, row_height in zip(rows, wrapped, heights, strict=True):
        filled = 0 if percent is None else round(plot * max(0.0, min(percent, 100.0)) / 100)
        middle = y + row_height // 2
        first = middle - (len(lines) - 1) * line // 2 + 4
        spans = "".join(
            f'<tspan x="{label_width - 6}" y="{first + i * line}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        parts.append(
            f'<text text-anchor="end" font-size="12"><title>{escape(label)}</title>{spans}</text>'
            f'<rect x="{label_width}" y="{middle - 6}" width="{plot}" height="12" fill="{TRACK}"/>'
            f'<rect x="{label_width}" y="{middle - 6}" width="{filled}" height="12" '
            f'fill="{colour(percent)}"/>'
            f'<text x="{label_width + plot + 6}" y="{middle + 4}" font-size="12">'
            f"{fmt(percent)}</text>"
        )
        y += row_height
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Words onto at most `lines` lines of about `width` characters; «…» only past the last."""
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = (out[-1][: width - 1].rstrip() + "…") if len(out[-1]) >= width else out[-1] + "…"
    return out or [""]
