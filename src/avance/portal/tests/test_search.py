"""Searching plans and items across the public portal."""

from __future__ import annotations

from avance.conftest import small_document
from avance.plans.actions import do_load_plan


def test_it_finds_items_whatever_the_accents_and_case(client, cast):
    page = client.get("/buscar/", {"q": "ACCION c"}).text
    assert "1.2.1 Acción C" in page and f"/planes/{cast['plan'].slug}/elementos/" in page
    assert "Acción A" not in page and "Acción B" not in page


def test_it_finds_plans_by_title(client, cast):
    page = client.get("/buscar/", {"q": "PRUEBA 2025"}).text
    assert f'href="/planes/{cast["plan"].slug}/"' in page


def test_it_never_shows_a_draft(client, cast):
    document = small_document(title="Plan borrador secreto")
    document["nodes"][0]["title"] = "Eje confidencial"
    do_load_plan("test", document)
    page = client.get("/buscar/", {"q": "confidencial"}).text
    assert "Eje confidencial" not in page and "No se encontró nada para «confidencial»." in page
    assert "Plan borrador secreto" not in client.get("/buscar/", {"q": "secreto"}).text


def test_the_home_page_offers_the_search_in_both_languages(client, cast):
    assert "Buscar planes y elementos" in client.get("/").text
    english = client.get("/en/").text
    assert "Search plans and items" in english
