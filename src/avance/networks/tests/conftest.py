"""The network cast: institution A (the cast's) and B and C in a regional network; a
coordinator from C, a liaison for A and one for B, A's reviewer (the cast's «revision») and a
reviewer in B; a statistics form of four variables (one broken down by sex, two rules) opened
for one period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

JAN = dt.date(2024, 1, 15)

DEFINITION = {
    "disaggregations": [
        {
            "code": "SEXO",
            "name": "Sexo",
            "categories": [["mujeres", "Mujeres"], ["hombres", "Hombres"]],
        }
    ],
    "variables": [
        {
            "code": "REC",
            "name": "Solicitudes recibidas",
            "kind": "integer",
            "required": True,
            "unit": "solicitudes",
        },
        {
            "code": "ATE",
            "name": "Solicitudes atendidas",
            "kind": "integer",
            "required": True,
            "unit": "solicitudes",
        },
        {
            "code": "CAP",
            "name": "Personas capacitadas",
            "kind": "integer",
            "disaggregation": "SEXO",
        },
        {"code": "POR", "name": "Portal actualizado", "kind": "yes_no"},
    ],
    "rules": [
        {"left": "ATE", "op": "<=", "right": "REC"},
        {"left": "REC", "op": ">=", "right": "0"},
    ],
}


@pytest.fixture
def red(cast: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from avance.accounts.actions import do_add_membership
    from avance.networks import actions
    from avance.networks.models import NetworkRole
    from avance.organizations.actions import do_create_organization

    network = actions.do_create_network("test", "Red Regional de Transparencia", acronym="RRT")
    a, b = cast["plan"].owner, cast["other"]
    c = do_create_organization("test", "Instituto C de Transparencia", acronym="IC")
    members = {
        "A": actions.do_add_member("test", network, a, joined=JAN, population=2_000_000),
        "B": actions.do_add_member("test", network, b, joined=JAN, population=500_000),
        "C": actions.do_add_member("test", network, c, joined=JAN),
    }
    actions.do_set_coordinator("test", network, c, start=JAN)
    users = {}
    for username in ("coordinador", "enlace.a", "enlace.b", "revision.b"):
        users[username] = User.objects.create_user(username, f"{username}@avance.invalid", "x")
    actions.do_give_network_role(
        "test", users["coordinador"], network, NetworkRole.Role.COORDINATOR
    )
    actions.do_give_network_role(
        "test", users["enlace.a"], network, NetworkRole.Role.LIAISON, member=members["A"]
    )
    actions.do_give_network_role(
        "test", users["enlace.b"], network, NetworkRole.Role.LIAISON, member=members["B"]
    )
    do_add_membership("test", users["revision.b"], b, "reviewer")
    form = actions.do_create_form(
        "test", network, "solicitudes", "Estadística de solicitudes", DEFINITION
    )
    period = actions.do_open_stats_period(
        "test",
        form,
        "2025-s1",
        "Primer semestre 2025",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 6, 30),
        due=dt.date(2099, 7, 31),
    )
    users["revision"] = User.objects.get(username="revision")
    return {"network": network, "members": members, "users": users, "form": form, "period": period}
