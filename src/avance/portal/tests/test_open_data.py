"""The open-data catalogue: every published dataset with its files, licence and dictionary;
each datapackage validates with frictionless; the DCAT catalogue names every file; the IATI
export validates against the official 2.03 schema; the OGP export has a row per milestone."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree

from avance.conftest import publish_check_in
from avance.plans.actions import do_load_plan

IATI_SCHEMA = Path(__file__).parents[2] / "api" / "tests" / "fixtures" / "iati-2.03"


def _local(client: Any, url: str) -> Any:
    parts = urlsplit(url)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


@pytest.fixture
def published_data(client: Any, cast: dict[str, Any], red: dict[str, Any]) -> dict[str, Any]:
    from avance.networks.actions import do_approve_figures, do_save_figures

    publish_check_in(cast["leaf"], cast["period"], percent=35, evidence=["https://example.org/a"])
    a = red["members"]["A"]
    submission = do_save_figures(
        red["users"]["enlace.a"],
        red["period"],
        a,
        {"REC": "10", "ATE": "8", "POR": "sí"},
        submit=True,
    )
    do_approve_figures(red["users"]["revision"], submission)
    do_load_plan(
        "test", {"schema": "avance.plan/1", "title": "Borrador", "nodes": []}, slug="borrador"
    )
    return {**cast, **red}


def test_every_published_dataset_is_listed_with_its_licence(client, published_data):
    page = client.get("/datos/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Creative Commons Attribution 4.0" in text
    assert published_data["plan"].title in text
    assert "Borrador" not in text
    assert "computed_progress" in text  # the data dictionary
    assert f"/datos/plan-{published_data['plan'].slug}/datapackage.json" in text
    assert f"/datos/red-{published_data['network'].slug}/datapackage.json" in text


def test_every_datapackage_validates_with_frictionless(client, published_data, tmp_path):
    import frictionless

    catalogue = client.get("/datos/catalogo.jsonld").json()
    names = [d["dct:identifier"] for d in catalogue["dcat:dataset"]]
    assert names == [f"plan-{published_data['plan'].slug}", f"red-{published_data['network'].slug}"]
    for name in names:
        descriptor = client.get(f"/datos/{name}/datapackage.json").json()
        assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
        folder = tmp_path / name
        folder.mkdir()
        for i, resource in enumerate(descriptor["resources"]):
            response = _local(client, resource["path"])
            assert response.status_code == 200, resource["path"]
            local = f"r{i}.{resource['format']}"
            (folder / local).write_bytes(response.content)
            resource["path"] = local
        (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(
            ["resourceName", "rowNumber", "fieldName", "type", "note"]
        )


def test_the_dcat_catalogue_names_every_file(client, published_data):
    catalogue = client.get("/datos/catalogo.jsonld")
    assert catalogue["Content-Type"] == "application/ld+json"
    data = catalogue.json()
    assert data["@type"] == "dcat:Catalog"
    plan = data["dcat:dataset"][0]
    formats = [d["dct:format"] for d in plan["dcat:distribution"]]
    assert formats == ["CSV", "CSV", "JSON", "XLSX", "XML", "CSV"]
    for distribution in plan["dcat:distribution"]:
        assert _local(client, distribution["dcat:downloadURL"]["@id"]).status_code == 200


def test_the_iati_export_validates_against_the_official_schema(client, published_data):
    schema = etree.XMLSchema(etree.parse(str(IATI_SCHEMA / "iati-activities-schema.xsd")))
    slug = published_data["plan"].slug
    for query in ("", "?periodo=primer-informe"):
        response = client.get(f"/planes/{slug}/descargas/iati.xml{query}")
        assert response.status_code == 200
        document = etree.fromstring(response.content)
        assert schema.validate(document), schema.error_log
    results = document.findall("iati-activity/result")
    assert [r.findtext("title/narrative") for r in results] == ["1 Eje uno", "2 Eje dos"]


def test_the_ogp_export_has_a_row_per_milestone_with_its_completion(client, published_data):
    slug = published_data["plan"].slug
    text = client.get(f"/planes/{slug}/descargas/ogp.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    leaf = next(r for r in rows if r["milestone"] == "Acción A")
    assert (leaf["commitment_ref"], leaf["milestone_ref"]) == ("1.1", "1.1.1")
    assert (leaf["completion_percent"], leaf["completion_level"]) == ("35", "limited")
    assert leaf["evidence"] == "https://example.org/a"
    assert leaf["lead_institution"] == "Instituto de Pruebas"


def test_unknown_datasets_and_exports_are_404(client, published_data):
    assert client.get("/datos/plan-borrador/datapackage.json").status_code == 404
    assert client.get("/datos/otra-cosa/datapackage.json").status_code == 404
    slug = published_data["plan"].slug
    assert client.get(f"/planes/{slug}/descargas/plan.exe").status_code == 404
    assert client.get(f"/planes/{slug}/descargas/otro.xml").status_code == 404
    assert client.get("/planes/borrador/descargas/iati.xml").status_code == 404
