"""Heavy public downloads render once per plan version and cut-off, a few at a time."""

from __future__ import annotations

import pytest

from avance.conftest import publish_check_in
from avance.reports import cache


@pytest.fixture
def renders(monkeypatch):
    """Counts real renderings of report files."""
    from avance.reports import views

    calls: list[str] = []
    original = views.render

    def counting(plan, fmt, **kwargs):
        calls.append(fmt)
        return original(plan, fmt, **kwargs)

    monkeypatch.setattr(views, "render", counting)
    return calls


def test_it_renders_a_pdf_once_until_the_plan_changes(cast, client, renders):
    url = f"/planes/{cast['plan'].slug}/progress.pdf"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and renders == ["pdf"]
    publish_check_in(cast["leaf"], cast["period"], percent=90)
    assert client.get(url).status_code == 200
    assert renders == ["pdf", "pdf"]


def test_each_cut_off_and_language_is_its_own_file(cast, client, renders):
    plan = cast["plan"]
    first = plan.periods.order_by("id").first()
    client.get(f"/planes/{plan.slug}/progress.html")
    client.get(f"/planes/{plan.slug}/progress.html", {"periodo": first.key})
    client.get(f"/en/planes/{plan.slug}/progress.html")
    client.get(f"/planes/{plan.slug}/progress.html", {"periodo": first.key})
    assert renders == ["html", "html", "html"]


def test_it_answers_busy_when_every_renderer_is_taken(cast, client, settings, monkeypatch):
    import threading

    settings.REPORT_WAIT_SECONDS = 1
    monkeypatch.setattr(cache, "_renderers", threading.BoundedSemaphore(1))
    cache._semaphore().acquire()  # another visitor's rendering
    try:
        response = client.get(f"/planes/{cast['plan'].slug}/poa.pdf")
    finally:
        cache._semaphore().release()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert response.text == (
        "Se están preparando informes para otros visitantes. Intente de nuevo en un minuto."
    )
    assert client.get(f"/planes/{cast['plan'].slug}/poa.pdf").status_code == 200


def test_the_data_downloads_are_cached_too(cast, client, monkeypatch):
    from avance.reports.formats import workbook

    calls = []
    original = workbook.render_csv
    monkeypatch.setattr(workbook, "render_csv", lambda *a: calls.append(1) or original(*a))
    url = f"/planes/{cast['plan'].slug}/descargas/plan.csv"
    assert client.get(url).content == client.get(url).content
    assert calls == [1]
