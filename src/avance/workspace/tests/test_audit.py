"""The audit trail as people read it: sentences, formatted changes, filters, pages, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib.auth.models import User

from avance.audit.models import AuditEntry
from avance.conftest import publish_check_in
from avance.progress.actions import do_record_progress, do_return_update

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _trail(cast):
    User.objects.filter(username="revision").update(first_name="Rosa", last_name="Revisora")
    publish_check_in(
        cast["leaf"], cast["period"], percent=54.44444444444445, files=[("acta.pdf", PDF)]
    )
    update = do_record_progress(
        "enlace", cast["assigned"].children.last(), cast["period"], percent=10, submit=True
    )
    do_return_update(User.objects.get(username="revision"), update, "Falta el acta firmada")
    return f"/trabajo/planes/{cast['plan'].slug}/bitacora/"


def test_it_reads_as_sentences_with_formatted_changes(cast, login):
    url = _trail(cast)
    page = login("consulta").get(url).text
    assert "Rosa Revisora devolvió «1.1.2 Acción B · Segundo informe · 10%» a su autor" in page
    assert "comentario de revisión: Falta el acta firmada" in page
    assert "estado: Enviado → Devuelto" in page
    assert "avance: 54.4%" in page and "54.444" not in page
    assert "evidencias: acta.pdf" in page and "evidencias: —" not in page
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "{" not in table and "progress.return" not in table and "'status'" not in table


def test_it_speaks_english_on_request(cast, login):
    url = _trail(cast)
    client = login("consulta")
    page = client.get("/en" + url).text
    assert "Rosa Revisora returned «1.1.2 Acción B · Segundo informe · 10%» to its author" in page
    assert "state: Submitted → Returned" in page


def test_it_filters_by_who_what_and_dates(cast, login):
    url = _trail(cast)
    client = login("consulta")
    by_reviewer = client.get(url, {"quien": "revision"}).text
    assert "devolvió" in by_reviewer and "reportó avance" not in by_reviewer
    by_event = client.get(url, {"que": "progress.record"}).text
    assert by_event.count("reportó avance de") == 2 and "devolvió «" not in by_event
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert "Ningún evento coincide." in client.get(url, {"desde": tomorrow}).text


def test_it_pages_fifty_events_at_a_time(cast, login):
    url = _trail(cast)
    entries = AuditEntry.objects.filter(plan_id=cast["plan"].id)
    AuditEntry.objects.bulk_create(
        AuditEntry(actor_label="cli", action="rollup.recompute", plan_id=cast["plan"].id)
        for _ in range(60)
    )
    total = entries.count()
    client = login("consulta")
    first = client.get(url).text
    assert f"Página 1 de {(total + 49) // 50}" in first and "pagina=2" in first
    assert first.count("<tr>") == 50 + 1  # the header row
    assert "Página 2 de" in client.get(url, {"pagina": 2}).text


def test_it_downloads_the_filtered_trail_as_csv(cast, login):
    url = _trail(cast)
    response = login("consulta").get(url, {"que": "progress.return", "formato": "csv"})
    assert response["Content-Disposition"].endswith('-bitacora.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Cuándo", "Quién", "Qué", "Objeto", "Cambios"]
    assert len(rows) == 2 and rows[1][1] == "Rosa Revisora"
    assert "estado: Enviado → Devuelto" in rows[1][4]


def test_outsiders_cannot_read_the_trail(cast, login):
    url = _trail(cast)
    assert login("externo").get(url).status_code == 404
    assert login("externo").get(url, {"formato": "csv"}).status_code == 404
