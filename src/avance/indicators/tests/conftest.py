"""Indicator fixtures: one indicator on the cast's «Acción A» (see src/avance/conftest.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from avance.indicators import actions


@pytest.fixture
def indicator(cast):
    return actions.do_create_indicator(
        User.objects.get(username="planeacion"),
        cast["leaf"],
        key="C1.A1",
        name="Porcentaje de solicitudes atendidas",
        expression="(ATENDIDAS / RECIBIDAS) * 100",
        variables=[
            {"name": "ATENDIDAS", "description": "Solicitudes atendidas", "source": "SISAI"},
            {"name": "RECIBIDAS", "description": "Solicitudes recibidas", "aggregation": "sum"},
        ],
        unit="Porcentaje",
        frequency="Semestral",
        mir_level="actividad",
        sentido="ascending",
        profile="ascending",
    )
