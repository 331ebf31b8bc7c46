"""Charts stay legible: 12 px text or more, labels wrapped rather than cut to fragments."""

from __future__ import annotations

import re

from avance.portal.charts_extra import trend
from avance.reports.charts import axes

LONG = "Fortalecer la participación ciudadana en la evaluación de programas sociales"


def sizes(svg: str) -> list[int]:
    return [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]


def test_every_chart_writes_its_text_at_12_px_or_more():
    charts = [
        axes([(LONG, 45.0), ("Eje dos", None)], "Plan"),
        trend([("Primer informe", 10.0), ("Segundo informe", 40.0), ("Vigente", 55.5)], "Plan"),
    ]
    for svg in charts:
        assert sizes(svg) and min(sizes(svg)) >= 12


def test_a_long_label_wraps_onto_two_lines_and_keeps_its_full_text_on_hover():
    svg = axes([(LONG, 45.0)], "Plan")
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert lines == ["Fortalecer la participación", "ciudadana en la evaluación de…"]
    assert f"<title>{LONG}</title>" in svg


def test_the_trend_fits_a_phone_without_shrinking():
    svg = trend([("Primer informe", 10.0), ("Vigente", 20.0)], "Plan")
    assert 'width="320"' in svg  # 390 px screens leave 358 px for content
    assert re.findall(r'text-anchor="(?:start|end)">([^<]*)</text>', svg)[-2:] == [
        "Primer informe",
        "Vigente",
    ]
