"""An institution's public profile: edited by its planners through the action, shown on its
public page and the home page."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User

from avance.audit.models import AuditEntry
from avance.core.errors import ActionError
from avance.organizations.actions import do_update_profile
from avance.organizations.models import Organization


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f5f8b").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_saves_the_profile_and_logs_only_what_changed(cast):
    institution = cast["plan"].owner
    planner = User.objects.get(username="planeacion")
    do_update_profile(
        planner,
        institution,
        logo=("escudo.png", png()),
        description="Garantiza el derecho de acceso.",
        email="contacto@ip.invalid",
        color="#1F5F8B",
    )
    institution.refresh_from_db()
    assert institution.logo.name.startswith("logos/") and institution.logo.name.endswith(".png")
    entry = AuditEntry.objects.filter(action="organization.profile").get()
    assert entry.before == {"description": "", "email": "", "color": "", "logo": ""}
    assert entry.after["email"] == "contacto@ip.invalid" and entry.actor == planner


@pytest.mark.parametrize(
    ("fields", "logo", "message"),
    [
        ({"color": "azul"}, None, "color: Escriba el color como #RRGGBB."),
        ({"email": "x"}, None, "correo de contacto: Introduzca una dirección de correo"),
        ({}, ("escudo.pdf", b"%PDF-1.4\n%%EOF\n"), "escudo.pdf: a logo must be a PNG or JPEG"),
        ({}, ("escudo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1_100_000), "over the 1 MB limit"),
        ({"slug": "otro"}, None, "not profile fields: slug"),
    ],
)
def test_it_refuses_bad_values_and_writes_nothing(cast, fields, logo, message):
    institution = cast["plan"].owner
    with pytest.raises(ActionError, match=message):
        do_update_profile("test", institution, logo=logo, description="Nueva", **fields)
    institution.refresh_from_db()
    assert institution.description == "" and not institution.logo
    assert not AuditEntry.objects.filter(action="organization.profile").exists()


def test_the_public_page_shows_profile_plans_and_logo(cast, client):
    institution = cast["plan"].owner
    do_update_profile(
        "test",
        institution,
        logo=("escudo.png", png()),
        description="Garantiza el derecho de acceso.",
        phone="55 5555 5555",
        color="#1f5f8b",
    )
    page = client.get(f"/instituciones/{institution.slug}/").content.decode()
    assert "<h1>Instituto de Pruebas" in page and "Garantiza el derecho de acceso." in page
    assert "<dt>Teléfono</dt><dd>55 5555 5555</dd>" in page
    assert 'fill="#1f5f8b"' in page
    assert cast["plan"].title in page and "avance global" in page
    institution.refresh_from_db()
    logo = client.get(f"/instituciones/{institution.slug}/logo")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == institution.logo.read()
    home = client.get("/").content.decode()
    assert f'href="/instituciones/{institution.slug}/"' in home


def test_units_without_public_plans_and_unknown_slugs_are_not_found(cast, client):
    unit = Organization.objects.create(
        name="Dirección interna", slug="direccion-interna", parent=cast["plan"].owner
    )
    assert client.get(f"/instituciones/{unit.slug}/").status_code == 404
    assert client.get("/instituciones/no-existe/").status_code == 404
    assert client.get(f"/instituciones/{cast['plan'].owner.slug}/logo").status_code == 404


def test_planners_edit_the_profile_and_others_cannot(cast, client):
    institution = cast["plan"].owner
    url = f"/trabajo/instituciones/{institution.slug}/"
    client.force_login(User.objects.get(username="planeacion"))
    assert "Perfil de la institución" in client.get(url).content.decode()
    response = client.post(url, {"description": "Nueva descripción", "color": "#000000"})
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.description == "Nueva descripción"
    for outsider in ("enlace", "revision", "consulta", "externo"):
        client.force_login(User.objects.get(username=outsider))
        assert client.get(url).status_code == 404
        assert client.post(url, {"description": "x"}).status_code == 404
    institution.refresh_from_db()
    assert institution.description == "Nueva descripción"


def test_a_refused_logo_is_explained_on_the_form(cast, client):
    institution = cast["plan"].owner
    client.force_login(User.objects.get(username="planeacion"))
    upload = io.BytesIO(b"MZ\x90\x00program")
    upload.name = "escudo.png"
    response = client.post(
        f"/trabajo/instituciones/{institution.slug}/", {"description": "", "logo_file": upload}
    )
    assert response.status_code == 200
    assert "escudo.png: no se aceptan programas como evidencia" in response.content.decode()
