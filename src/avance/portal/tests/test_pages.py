from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avance.conftest import publish_check_in
from avance.demo import load_generated, load_region
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.plans.models import Node, Plan
from avance.progress.actions import (
    do_change_period,
    do_open_period,
    do_record_progress,
    do_submit_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gto(gold):
    return do_publish_plan("test", do_load_plan("test", gold["001_80d3eb4fca917cd8"]))


def code(plan, title_start):
    return Node.objects.get(plan=plan, title__startswith=title_start).code.hex


def test_home_lists_institutions_and_their_plans(client):
    load_region("demo")
    page = client.get("/").text
    for plan in Plan.objects.all():
        assert plan.title in page and plan.owner.name in page
    assert "Última actualización" in page or "Last update" in page


def test_the_dashboard_shows_computed_and_declared_figures(client, gto):
    period = gto.periods.get()
    page = client.get(f"/planes/{gto.slug}/", {"periodo": period.key}).text
    assert "45.3%" in page and "42%" in page  # computed global beside the declared one
    assert "58% por alcanzar" in page and "agosto 2024" in page
    assert "Gobierno Abierto" in page and "53.2%" in page and "declarado 51%" in page
    assert "Promedio de los hijos" in page  # the footnote states the method


def test_a_node_page_has_breadcrumbs_people_evidence_and_history(client, gto):
    page = client.get(f"/planes/{gto.slug}/elementos/{code(gto, 'Estrategia Dinámicamente')}/").text
    assert "Gobierno Abierto" in page  # breadcrumb to its axis
    assert "MTRO. J. JESÚS SORIA NARVÁEZ" in page
    assert "https://dinamicamente.guanajuato.gob.mx/" in page
    assert "Primer Informe Parcial" in page  # history across periods


def test_the_period_view_is_a_snapshot(client, gto):
    first = gto.periods.get()
    node = Node.objects.get(plan=gto, title__startswith="Configuración de encuestas")
    later = do_open_period(
        "test",
        gto,
        key="segundo",
        label="Segundo informe",
        start=dt.date(2023, 12, 1),
        end=dt.date(2024, 5, 31),
    )
    publish_check_in(node, later, percent=90)
    do_change_period("p", later, "close")
    do_change_period("p", later, "publish")
    before = client.get(f"/planes/{gto.slug}/", {"periodo": first.key}).text
    assert '<p class="big" id="global">45.3%</p>' in before
    assert "Segundo informe" not in before.split('id="global"')[1].split("</section>")[0]
    now = client.get(f"/planes/{gto.slug}/").text
    assert '<p class="big" id="global">45.3%</p>' not in now
    # The trend on the current page draws both published periods and the current values.
    trend = now[now.index('<svg class="trend"') :]
    assert "45.3%" in trend[: trend.index(">")] and "Segundo informe" in trend


def test_the_table_filters_sorts_and_keeps_its_filters_in_the_url(client, gto):
    level = gto.levels.get(name="Compromiso").id
    page = client.get(
        f"/planes/{gto.slug}/tabla/", {"nivel": level, "min": "50", "orden": "-avance"}
    )
    text = page.text
    assert "Ecoapp" in text and "Estrategia Dinámicamente" not in text
    assert "13 elementos" not in text and "Gestionar la instalación" not in text
    assert f"nivel={level}" in text and "min=50" in text  # links keep the filters
    assert client.get(f"/planes/{gto.slug}/tabla/", {"q": "agave"}).text.count("/elementos/") == 2
    people = client.get(f"/planes/{gto.slug}/tabla/", {"responsable": "monroy"}).text
    assert "Sistema de vigilancia" in people and "Ecoapp" not in people


def test_downloads_are_the_interchange_and_tabular_formats(client, gto):
    assert client.get(f"/planes/{gto.slug}/descargas/plan.json").json()["schema"] == "avance.plan/1"
    csv = client.get(f"/planes/{gto.slug}/descargas/plan.csv")
    assert (
        csv["Content-Disposition"].startswith("attachment;") and b"id,parent,level" in csv.content
    )
    assert client.get(f"/planes/{gto.slug}/descargas/plan.xlsx").status_code == 200
    assert client.get(f"/planes/{gto.slug}/descargas/plan.exe").status_code == 404


def test_unknown_or_unpublished_things_are_not_found(client, gto, gold):
    other = do_load_plan("test", gold["000_8035147cc1ee4ae0"])
    period = gto.periods.get()
    period.state = "open"
    period.save()
    assert client.get(f"/planes/{gto.slug}/", {"periodo": period.key}).status_code == 404
    assert client.get("/planes/no-existe/").status_code == 404
    assert client.get(f"/planes/{gto.slug}/elementos/{'0' * 32}/").status_code == 404
    # an item of another plan is not found under this plan
    assert (
        client.get(
            f"/planes/{gto.slug}/elementos/{Node.objects.filter(plan=other).first().code.hex}/"
        ).status_code
        == 404
    )


def test_drafts_and_submitted_updates_never_reach_a_public_page(client, gto):
    node = Node.objects.get(plan=gto, title__startswith="Configuración de encuestas")
    period = do_open_period("test", gto, key="borrador", label="Periodo en curso")
    update = do_record_progress("o", node, period, percent=99, note="NOTA-SIN-PUBLICAR")
    do_submit_update("o", update)
    urls = [
        "/",
        f"/planes/{gto.slug}/",
        f"/planes/{gto.slug}/tabla/",
        f"/planes/{gto.slug}/elementos/{node.code.hex}/",
        f"/planes/{gto.slug}/descargas/plan.json",
        f"/planes/{gto.slug}/descargas/plan.csv",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "NOTA-SIN-PUBLICAR" not in body and "99%" not in body, url


@pytest.mark.parametrize("page", ["dashboard", "table", "node"])
def test_queries_per_page_do_not_grow_with_the_plan(client, page):
    counts = []
    for size in (10, 1000):
        plan = load_generated("test", size)
        top = Node.objects.filter(plan=plan, parent=None).first()
        url = {
            "dashboard": f"/planes/{plan.slug}/",
            "table": f"/planes/{plan.slug}/tabla/",
            "node": f"/planes/{plan.slug}/elementos/{top.code.hex}/",
        }[page]
        client.get(url)  # roll-ups exist already; this warms nothing else
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # The node page also reads its indicators (one query); every public page reads the site's
    # version for its ETag (one query, src/avance/conditional.py).
    assert counts[0] <= 17
