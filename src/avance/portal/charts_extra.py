"""A node's progress across reporting periods, as a small SVG line with a text alternative."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from avance.reports.charts import fmt


def trend(
    points: list[tuple[str, float | None]], label: str, width: int = 320, height: int = 90
) -> SafeString:
    left, right, top, bottom = 30, 10, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    coords = []
    for i, (_name, value) in enumerate(points):
        if value is not None:
            coords.append((left + i * step, top + plot_h * (1 - value / 100)))
    alt = "; ".join(f"{name}: {fmt(value)}" for name, value in points)
    parts = [
        f'<svg class="trend" role="img" aria-label="{escape(label)} — {escape(alt)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#9ca3af"/>',
        f'<text x="0" y="{top + 8}" font-size="9">100%</text><text x="8" y="{top + plot_h}" font-size="9">0%</text>',
    ]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1d4ed8"/>' for x, y in coords)
    for i, (name, _value) in enumerate(points):
        anchor = "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 6}" font-size="8" text-anchor="{anchor}">'
            f"{escape(name[:24])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
