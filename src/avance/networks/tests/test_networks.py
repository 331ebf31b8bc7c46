"""Networks of institutions: members join and leave, a member coordinates; the public pages
show the network's members with their plans, and each member's networks."""

from __future__ import annotations

import datetime as dt

import pytest

from avance.audit.models import AuditEntry
from avance.core.errors import ActionError
from avance.networks import actions
from avance.organizations.actions import do_create_organization

JAN = dt.date(2024, 1, 15)


@pytest.fixture
def region(cast):
    network = actions.do_create_network("test", "Red Regional de Transparencia", acronym="RRT")
    other = cast["other"]
    first = actions.do_add_member("test", network, cast["plan"].owner, joined=JAN)
    actions.do_add_member("test", network, other, joined=JAN, population=1_200_000)
    actions.do_set_coordinator("test", network, cast["plan"].owner, start=JAN)
    return {"network": network, "first": first, "other": other}


def test_members_join_leave_and_coordinate_with_an_audit_trail(cast, region):
    network = region["network"]
    with pytest.raises(ActionError) as twice:
        actions.do_add_member("test", network, region["other"], joined=JAN)
    assert twice.value.code == "already_member"
    outsider = do_create_organization("test", "Instituto Externo", acronym="IE")
    with pytest.raises(ActionError) as not_member:
        actions.do_set_coordinator("test", network, outsider, start=dt.date(2025, 1, 1))
    assert not_member.value.code == "coordinator_not_member"
    with pytest.raises(ActionError) as early:
        actions.do_leave("test", region["first"], left=dt.date(2023, 1, 1))
    assert early.value.code == "left_before_joined"
    actions.do_set_coordinator("test", network, region["other"], start=dt.date(2025, 1, 1))
    first_term = network.coordinations.get(coordinator=cast["plan"].owner)
    assert first_term.end == dt.date(2024, 12, 31)
    assert list(
        AuditEntry.objects.filter(action__startswith="network.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["network.join", "network.join", "network.coordinator", "network.coordinator"]
    with pytest.raises(ActionError) as nested:
        actions.do_add_member("test", network, network, joined=JAN)
    assert nested.value.code == "member_kind"


def test_the_network_page_lists_members_plans_and_coordinator(cast, region, client):
    network = region["network"]
    html = client.get(f"/instituciones/{network.slug}/").text
    section = html.split('id="miembros"')[1].split("</section>")[0]
    assert "Coordinada por" in section and "Instituto de Pruebas" in section
    assert "Plan de prueba 2025" in section and "Órgano Garante B" in section
    assert "Ninguno todavía" in section  # B has no published plan
    member = client.get(f"/instituciones/{cast['plan'].owner.slug}/").text
    assert f'href="/instituciones/{network.slug}/">Red Regional de Transparencia</a>' in member
    home = client.get("/").text
    assert "Redes de instituciones" in home and "(2 integrantes)" in home


def test_a_member_that_left_is_not_listed(cast, region, client):
    actions.do_leave("test", region["first"], left=dt.date(2025, 6, 30))
    network = region["network"]
    section = client.get(f"/instituciones/{network.slug}/").text.split('id="miembros"')[1]
    table = section.split("<table>")[1].split("</table>")[0]
    assert "Instituto de Pruebas" not in table and "Órgano Garante B" in table
    assert "Coordinada por" not in section  # its term ended when it left
