"""The home page of a large site, and the directory of institutions."""

from __future__ import annotations

from avance.portal import views


def test_the_home_page_lists_every_plan_by_institution_on_a_small_site(client, cast):
    page = client.get("/").text
    assert cast["plan"].title in page and "Instituto de Pruebas" in page
    assert "Planes actualizados recientemente" not in page


def test_a_large_site_shows_recent_plans_and_links_the_directory(client, cast, monkeypatch):
    monkeypatch.setattr(views, "HOME_ALL", 0)
    page = client.get("/").text
    assert "Planes actualizados recientemente" in page
    assert cast["plan"].title in page
    assert '<a href="/instituciones/">Todas las instituciones y su 1 plan</a>' in page
    english = client.get("/en/").text
    assert '<a href="/en/instituciones/">All institutions and their 1 plan</a>' in english


def test_the_directory_lists_institutions_with_public_plans(client, cast):
    page = client.get("/instituciones/").text
    assert "1 institución con planes publicados" in page
    assert f'href="/instituciones/{cast["plan"].owner.slug}/"' in page and "1 plan" in page
    assert cast["other"].name not in page  # B has no public plan
    assert "0 instituciones" in client.get("/instituciones/", {"q": "zzz"}).text
    english = client.get("/en/instituciones/", {"q": "prueba"}).text
    assert "1 institution with published plans" in english


def test_the_directory_pages_a_hundred_at_a_time(client, cast, monkeypatch):
    monkeypatch.setattr(views, "DIRECTORY_PAGE", 1)
    from avance.conftest import small_document
    from avance.plans.actions import do_load_plan, do_publish_plan

    document = small_document(organization={"name": "Zeta Institución", "acronym": "ZI"})
    do_publish_plan("test", do_load_plan("test", document))
    page = client.get("/instituciones/", {"pagina": 2}).text
    assert "Zeta Institución" in page and "Página 2 de 2" in page
