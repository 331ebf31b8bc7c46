"""The progress report as an official document: issue date, period covered, signature."""

from __future__ import annotations

from django.utils import timezone

from avance.conftest import small_document
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.reports.formats import render
from avance.reports.templatetags.report_tags import longdate


def test_the_progress_report_is_dated_and_signed(db):
    document = small_document(
        author={"name": "Mtra. Laura Cisneros", "position": "Titular de Planeación"}
    )
    plan = do_publish_plan("test", do_load_plan("test", document))
    period = plan.periods.get()
    html = render(plan, "html", period=period).decode()
    issued = longdate(timezone.localtime(period.published_at).date())
    assert f"Fecha de emisión: {issued}" in html
    assert "Periodo que cubre: 1 de enero de 2025 – 30 de junio de 2025" in html
    signature = html[html.index('class="signature"') :]
    assert "Mtra. Laura Cisneros" in signature and "Titular de Planeación" in signature


def test_a_report_without_an_author_has_no_empty_signature(db):
    plan = do_publish_plan("test", do_load_plan("test", small_document()))
    assert 'class="signature"' not in render(plan, "html").decode()
