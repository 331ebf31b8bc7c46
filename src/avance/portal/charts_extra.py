"""A node's progress across reporting periods, as a small SVG line with a text alternative."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from avance.core import numbers
from avance.reports.charts import fmt


def trend(
    points: list[tuple[str, float | None]], label: str, width: int = 320, height: int = 130
) -> SafeString:
    """320 px wide so that it fits a phone (390 px) without shrinking: its 12 px text stays
    12 px. Only the first and last periods are named under the axis (the table beside it names
    them all); each point says its period and value on hover."""
    left, right, top, bottom = 40, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    coords = []
    for i, (name, value) in enumerate(points):
        if value is not None:
            coords.append((left + i * step, top + plot_h * (1 - value / 100), name, value))
    alt = "; ".join(f"{name}: {fmt(value)}" for name, value in points)
    parts = [
        f'<svg class="trend" role="img" aria-label="{escape(label)} — {escape(alt)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#6b7280"/>',
        f'<line x1="{left}" y1="{top}" x2="{width - right}" y2="{top}" stroke="#d1d5db"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="12" text-anchor="end">100%</text>'
        f'<text x="{left - 4}" y="{top + plot_h + 4}" font-size="12" text-anchor="end">0%</text>',
    ]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _n, _v in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1d4ed8">'
            f"<title>{escape(name)}: {fmt(value)}</title></circle>"
            for x, y, name, value in coords
        )
    parts.extend(_axis_ends([name for name, _value in points], left, step, height))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def goal_trend(
    rows: list[tuple[str, float | None, float | None]], label: str, width: int = 320
) -> SafeString:
    """An indicator's value (solid line) against its goal (dashed) across periods, on the
    indicator's own scale. 320 px wide like `trend`, so its 12 px text never shrinks."""
    height, left, right, top, bottom = 140, 44, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [x for _name, value, goal in rows for x in (value, goal) if x is not None]
    if not numbers:
        return mark_safe("")
    low = min(0.0, *numbers)
    high = max(numbers) * 1.1 or 1.0
    step = plot_w / max(len(rows) - 1, 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    alt = "; ".join(f"{name}: {_num(value)} / {_num(goal)}" for name, value, goal in rows)
    parts = [
        f'<svg class="trend" role="img" aria-label="{escape(label)} — {escape(alt)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#6b7280"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="12" text-anchor="end">{_num(high)}</text>'
        f'<text x="{left - 4}" y="{top + plot_h + 4}" font-size="12" text-anchor="end">'
        f"{_num(low)}</text>",
    ]
    for series, style in ((2, 'stroke-dasharray="5 4" stroke="#6b7280"'), (1, 'stroke="#1d4ed8"')):
        coords = [
            (left + i * step, y(row[series]))  # type: ignore[arg-type]
            for i, row in enumerate(rows)
            if row[series] is not None
        ]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke-width="2" {style}/>')
        if series == 1:
            parts.extend(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#1d4ed8"/>' for cx, cy in coords
            )
    parts.extend(_axis_ends([name for name, _value, _goal in rows], left, step, height))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _num(value: float | None) -> str:
    # Axis labels past 100 need no decimals.
    if value is not None and abs(value) >= 100:
        value = round(value)
    return numbers.figure(value)


def _axis_ends(names: list[str], left: float, step: float, height: int) -> list[str]:
    """The first period's name under the axis, and the last one's on a second line below it,
    right-aligned, so that two long names never run into each other."""
    out = []
    ends = [(0, names[0], "start", height - 22)] if names else []
    if len(names) > 1:
        ends.append((len(names) - 1, names[-1], "end", height - 6))
    for i, name, anchor, y in ends:
        shown = name if len(name) <= 30 else name[:29] + "…"
        out.append(
            f'<text x="{left + i * step:.1f}" y="{y}" font-size="12" '
            f'text-anchor="{anchor}">{escape(shown)}</text>'
        )
    return out


def value_bars(rows: list[tuple[str, float | None]], title: str, width: int = 380) -> SafeString:
    """One horizontal bar per member, scaled to the largest figure; a member without a figure
    gets the words «sin reporte» instead of a bar (never a zero-length bar that reads as 0)."""
    from django.utils.translation import gettext

    longest = max((len(label) for label, _value in rows), default=0)
    label_width, line = min(170, 20 + 7 * longest), 22
    plot = width - label_width - 70
    top = max((value for _label, value in rows if value is not None), default=0) or 1
    height = line * len(rows) + 4
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 2 + i * line
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label, 22))}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{label_width}" y="{y + 15}" font-size="12" font-style="italic">'
                f"{escape(gettext('no report'))}</text>"
            )
            continue
        length = round(plot * max(float(value), 0) / top)
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="14" fill="#1d4ed8"/>'
            f'<text x="{label_width + length + 4}" y="{y + 15}" font-size="12">'
            f"{escape(numbers.figure(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
