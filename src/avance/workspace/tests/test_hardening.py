"""What the hardening review found in the workspace, each pinned: unapproved publishing,
request sizes, evidence downloads, hostile imports, values the database cannot store."""

from __future__ import annotations

import html
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from avance.conftest import publish_check_in
from avance.plans.models import Plan
from avance.progress.actions import do_record_progress
from avance.progress.models import EvidenceLink, ProgressUpdate
from avance.workspace.tests.test_review_cycle import check_in_url

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_planner_cannot_publish_an_update_nobody_approved(cast, login):
    update = do_record_progress("enlace", cast["leaf"], cast["period"], percent=70, submit=True)
    response = login("planeacion").post(
        f"/trabajo/reportes/{update.code.hex}/publicar/", follow=True
    )
    update.refresh_from_db()
    assert update.state == "submitted" and update.published_at is None
    assert (
        "Este reporte de avance está enviado, así que no puede ser publicado; no se cambió "
        "nada (necesita estar aprobado)." in response.text
    )


def test_a_request_over_the_size_cap_is_refused_before_it_is_read(cast, login, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    response = login("enlace").post(
        check_in_url(cast),
        {"percent": "50", "attachments": [SimpleUploadedFile("a.pdf", PDF + bytes(2_000_000))]},
    )
    assert response.status_code == 413
    assert response.text.startswith("La solicitud pesa 1.9 MB, más que el límite de 1 MB")
    assert not ProgressUpdate.objects.filter(node=cast["leaf"], period=cast["period"]).exists()


def test_a_check_in_with_too_many_files_is_refused(cast, login):
    files = [SimpleUploadedFile(f"a{i}.pdf", PDF) for i in range(11)]
    response = login("enlace").post(
        check_in_url(cast), {"percent": "50", "narrative": "x", "attachments": files}
    )
    assert response.status_code == 400
    assert not ProgressUpdate.objects.filter(node=cast["leaf"], period=cast["period"]).exists()


def test_evidence_is_served_as_a_download_under_a_generated_name(cast, login, client):
    publish_check_in(
        cast["leaf"], cast["period"], percent=50, files=[("../../informe <b>.pdf", PDF)]
    )
    link = EvidenceLink.objects.get(node=cast["leaf"], update__isnull=False)
    response = client.get(f"/evidencias/{link.code.hex}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('.pdf"')
    assert "informe" not in disposition and ".." not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == PDF


def test_unpublished_evidence_is_not_served_to_outsiders(cast, login):
    update = do_record_progress(
        "enlace", cast["leaf"], cast["period"], percent=50, files=[("a.pdf", PDF)]
    )
    link = EvidenceLink.objects.get(update=update)
    assert login("externo").get(f"/evidencias/{link.code.hex}/").status_code == 404
    assert login("revision").get(f"/evidencias/{link.code.hex}/").status_code == 200


def test_a_decompression_bomb_fails_its_own_import_with_a_message(cast, login, tmp_path):
    path = tmp_path / "bomba.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as out:
            for _ in range(400):
                out.write(b"<w:p/>" * 174_763)
    response = login("planeacion").post(
        "/trabajo/planes/nuevo/",
        {
            "institution": cast["plan"].owner.id,
            "kind": "otro",
            "document": SimpleUploadedFile("bomba.docx", path.read_bytes()),
        },
    )
    assert response.status_code == 200
    assert "bomba.docx: the package expands to over 300 MB" in response.text
    assert Plan.objects.count() == 1


def test_an_import_that_runs_out_of_time_is_stopped(cast, login, settings, monkeypatch):
    from avance.core.documents.tests.test_limits import stall

    settings.IMPORT_SECONDS = 1
    monkeypatch.setattr("avance.workspace.editing.import_file", stall)
    response = login("planeacion").post(
        "/trabajo/planes/nuevo/",
        {
            "institution": cast["plan"].owner.id,
            "kind": "otro",
            "document": SimpleUploadedFile("lento.txt", b"60"),
        },
    )
    assert response.status_code == 200
    assert "lento.txt: reading it took longer than 1 s; it was stopped" in response.text


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("title", "T" * 301, "$.title: is 301 characters long; the limit is 300"),
        ("ref", "1" * 1001, "$.nodes[0].ref: is 1001 characters long; the limit is 40"),
        ("name", "N" * 401, "$.nodes[0].responsible[0].name: is 401 characters long"),
        ("role", "coordinadora general", "$.nodes[0].responsible[0].role: 'coordinadora general'"),
        ("budget", 1e300, "$.nodes[0].budget: 1e+300 is too large"),
        ("budget", 10**19, "$.nodes[0].budget: 1e+19 is too large"),
        ("note", "con\x00nulo", "$.nodes[0].note: contains a NUL character"),
        ("note", "\ud800", "$.nodes[0].note: contains an unpaired surrogate"),
    ],
)
def test_the_import_preview_refuses_values_the_database_cannot_store(
    cast, login, column, value, problem
):
    """On PostgreSQL these were 500s; on SQLite they were stored. Now the same message on both,
    and nothing written."""
    from avance.conftest import small_document
    from avance.workspace.editing import PREVIEW_KEY

    document = small_document()
    node = document["nodes"][0]
    if column == "title":
        document["title"] = value
    elif column in {"name", "role"}:
        node["responsible"] = [{"name": "Ana", column: value}]
    else:
        node[column] = value
    client = login("planeacion")
    session = client.session
    session[PREVIEW_KEY] = {
        "document": document,
        "warnings": [],
        "institution": cast["plan"].owner.id,
        "name": "plan.xlsx",
    }
    session.save()
    response = client.post("/trabajo/planes/nuevo/vista-previa/", follow=True)
    assert response.status_code == 200
    assert f"plan.xlsx: {problem}" in html.unescape(response.text)
    assert Plan.objects.count() == 1


def test_a_past_cut_off_never_shows_a_later_periods_narrative_or_evidence(cast, client):
    plan, leaf = cast["plan"], cast["leaf"]
    first = plan.periods.order_by("id").first()
    publish_check_in(
        leaf,
        cast["period"],
        percent=90,
        narrative="Narrativa del segundo periodo",
        evidence=["https://example.org/segundo"],
    )
    url = f"/planes/{plan.slug}/elementos/{leaf.code.hex}/"
    past = client.get(url, {"periodo": first.key}).text
    assert "Narrativa del segundo periodo" not in past and "example.org/segundo" not in past
    current = client.get(url).text
    assert "Narrativa del segundo periodo" in current and "example.org/segundo" in current
