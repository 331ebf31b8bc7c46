from __future__ import annotations

import pytest
from django.core import mail

from avance.audit.models import AuditEntry
from avance.progress.models import EvidenceLink, ProgressUpdate, Rollup
from avance.workspace.reminders import send_reminders
from avance.workspace.tests.conftest import PDF


def check_in_url(cast):
    return f"/trabajo/planes/{cast['plan'].slug}/elementos/{cast['leaf'].code.hex}/reportar/"


def test_the_whole_cycle_reaches_the_public_page(cast, login, client):
    plan, leaf = cast["plan"], cast["leaf"]
    before = Rollup.objects.get(plan=plan, period=None).percent
    officer = login("enlace")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer.post(
        check_in_url(cast),
        {
            "percent": "60",
            "narrative": "Se publicó el presupuesto ciudadano.",
            "links": "https://example.org/evidencia",
            "attachments": [SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(node=leaf, state="submitted")
    assert update.evidence.filter(file__endswith=".pdf").exists()
    code = update.code.hex
    login("revision").post(
        f"/trabajo/reportes/{code}/devolver/",
        {"comment": "Falta el acta firmada.", "state": "submitted"},
    )
    assert ProgressUpdate.objects.get(pk=update.pk).state == "returned"
    assert "Falta el acta firmada." in login("enlace").get("/trabajo/").content.decode()
    login("enlace").post(
        f"/trabajo/reportes/{code}/corregir/",
        {
            "percent": "60",
            "narrative": "Acta firmada adjunta.",
            "attachments": [SimpleUploadedFile("acta-firmada.pdf", PDF)],
        },
    )
    assert ProgressUpdate.objects.get(pk=update.pk).state == "submitted"
    login("revision").post(f"/trabajo/reportes/{code}/aprobar/")
    login("planeacion").post(f"/trabajo/reportes/{code}/publicar/")
    update.refresh_from_db()
    assert update.state == "published" and update.is_current
    after = Rollup.objects.get(plan=plan, period=None).percent
    assert after != before
    public = client.get(f"/planes/{plan.slug}/elementos/{leaf.parent.code.hex}/").content.decode()
    assert "60%" in public
    steps = list(
        AuditEntry.objects.filter(target_type="progress.progressupdate", target_id=str(update.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps == [
        "progress.record",
        "progress.return",
        "progress.correct",
        "progress.approve",
        "progress.publish",
    ]
    # the published evidence is public now, and served as a download
    link = EvidenceLink.objects.filter(update=update).exclude(file="").first()
    download = client.get(f"/evidencias/{link.code.hex}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_two_reviewers_acting_on_the_same_update_one_wins(cast, login):
    from django.contrib.auth.models import User

    from avance.accounts.models import Membership as M

    second = User.objects.create_user("revision2", "r2@avance.invalid", "x")
    M.objects.create(user=second, organization=cast["plan"].owner, role="reviewer")
    login("enlace").post(check_in_url(cast), {"percent": "30", "narrative": "ok"})
    update = ProgressUpdate.objects.get(node=cast["leaf"], state="submitted")
    # both opened the page while it was submitted; the first approves
    first = login("revision").post(f"/trabajo/reportes/{update.code.hex}/aprobar/", follow=True)
    assert "Aprobado" in first.content.decode() or "Approved" in first.content.decode()
    client = login(None)
    client.force_login(second)
    late = client.post(
        f"/trabajo/reportes/{update.code.hex}/devolver/",
        {"comment": "No", "state": "submitted"},
        follow=True,
    )
    assert (
        "Este reporte de avance está aprobado, así que no puede ser devuelto; no se cambió "
        "nada (necesita estar enviado)." in late.content.decode()
    )
    update.refresh_from_db()
    assert update.state == "approved" and update.review_comment == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", b"MZ\x90\x00" + bytes(200), "informe.pdf: no se aceptan programas"),
        (
            "informe.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "informe.pdf: no se aceptan archivos HTML, SVG ni XML como evidencia",
        ),
        (
            "grande.pdf",
            b"%PDF-1.4\n" + bytes(2 * 1024 * 1024),
            "grande.pdf pesa 2.0 MB, más que el límite de 1 MB",
        ),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    cast, login, settings, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    response = login("enlace").post(
        check_in_url(cast),
        {"percent": "50", "narrative": "x", "attachments": [SimpleUploadedFile(name, content)]},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ProgressUpdate.objects.filter(node=cast["leaf"], period=cast["period"]).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_narrative_is_required_when_progress_goes_down(cast, login):
    from avance.conftest import publish_check_in

    publish_check_in(cast["leaf"], cast["period"], percent=80)
    response = login("enlace").post(check_in_url(cast), {"percent": "50"})
    assert (
        response.status_code == 200 and "went down" in response.content.decode()
    ) or "bajó" in response.content.decode()


def test_reminders_mail_each_officer_once(cast):
    from datetime import date

    sent = send_reminders(7, today=date(2025, 12, 26))
    assert sent == ["enlace: 2 pending"]  # Acción A and B of «Compromiso uno»
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["enlace@avance.invalid"]


def test_reminders_link_absolutely_from_the_configured_sender_with_plurals(cast, settings):
    from datetime import date

    import pytest

    settings.SITE_URL = "https://avance.example.org"
    settings.DEFAULT_FROM_EMAIL = "avance@example.org"
    send_reminders(7, today=date(2025, 12, 26))
    message = mail.outbox[0]
    assert message.from_email == "avance@example.org"
    assert message.subject == "Avance: 2 reportes pendientes"
    assert (
        f"https://avance.example.org/trabajo/planes/{cast['plan'].slug}/elementos/"
        f"{cast['leaf'].code.hex}/reportar/?periodo=segundo" in message.body
    )
    assert "cierra el 31 de diciembre de 2025" in message.body
    assert "- 1.1.1 Acción A (Plan de prueba 2025" in message.body  # the full reference
    assert "Su trabajo: https://avance.example.org/trabajo/" in message.body
    with pytest.raises(ValueError, match="days must be between 0 and 366, not -1"):
        send_reminders(-1)
