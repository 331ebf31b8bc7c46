"""The cast: a planner, a responsible officer, a reviewer, a read-only user and an administrator
in institution A (the open-government secretariat of the demo region), and an outsider from
institution B (its transparency body)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from avance.demo import load_region
from avance.plans.models import Node, Plan
from avance.progress.models import ReportingPeriod

CAST = ["planeacion", "enlace", "revision", "consulta", "admin", "externo"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    load_region("demo")
    plan = Plan.objects.get(kind="plan_accion_estado_abierto")
    period = ReportingPeriod.objects.get(plan=plan, state="open")
    assigned = Node.objects.get(plan=plan, assignments__user__username="enlace")
    leaf = assigned.children.order_by("position").first()
    return {"plan": plan, "period": period, "assigned": assigned, "leaf": leaf}


@pytest.fixture
def login(client):
    def as_(username: str | None):
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return as_


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
