from __future__ import annotations

import pytest

from avance.demo import generate, load_generated, load_region
from avance.organizations.models import Organization
from avance.plans.models import Node, Plan, Responsible
from avance.progress.models import ProgressUpdate, ReportingPeriod

pytestmark = pytest.mark.django_db


def test_it_loads_a_region_of_three_institutions_and_three_plan_kinds():
    load_region("demo")
    assert Organization.objects.filter(parent=None).count() >= 3
    assert set(Plan.objects.values_list("kind", flat=True)) >= {
        "programa_operativo_anual",
        "plan_accion_estado_abierto",
        "plan_anual_trabajo",
    }
    poa = Plan.objects.get(kind="programa_operativo_anual")
    assert poa.budget and poa.swot and poa.rollup_method == "completed_ratio"
    assert Node.objects.filter(plan=poa, budget__gt=0).exists()
    open_gov = Plan.objects.get(kind="plan_accion_estado_abierto")
    assert open_gov.periods.filter(state=ReportingPeriod.State.PUBLISHED).count() == 2
    assert Responsible.objects.filter(node__plan=open_gov, role="co_creator").exists()
    assert ProgressUpdate.objects.filter(node__plan=open_gov, state="submitted").exists()


def test_it_does_not_load_the_region_twice():
    list(load_region("demo"))
    lines = load_region("demo")
    assert lines[0] == "Los datos de demostración ya estaban cargados:"
    # the three institutions' plans, the network's agenda and each member's copy of it
    assert Plan.objects.count() == 3 + 1 + 6
    assert "Administración en /admin/: usuario 'admin', contraseña 'avance-demo'" in lines
    assert any(line.split()[:2] == ["enlace", "officer"] for line in lines)


def test_the_generator_makes_plans_of_the_asked_size():
    rows = list(generate.rows(1000))
    assert len(rows) == 1000
    assert all(parent is None or parent < index for index, parent, *_ in rows)
    leaves = {index for index, *_ in rows} - {parent for _i, parent, *_ in rows}
    assert all(
        (progress is not None) == (index in leaves) for index, _p, _d, _r, _t, progress in rows
    )
    plan = load_generated("test", 250)
    assert plan.nodes.count() == 250


def test_each_institution_has_a_planner_and_a_reviewer_login(db):
    from avance.accounts.models import Membership
    from avance.demo import load_region
    from avance.plans.models import Plan

    load_region("test")
    for plan in Plan.objects.all():
        roles = set(
            Membership.objects.filter(organization=plan.owner).values_list("role", flat=True)
        )
        assert {"planner", "reviewer"} <= roles, plan.owner.name


def test_the_readme_gives_every_demo_login_and_the_port():
    from pathlib import Path

    from avance.demo import DEMO_ROLES

    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text()
    assert "make demo PORT=8080" in readme
    for username, _role, _which, _name in DEMO_ROLES:
        assert f"`{username}`" in readme


def test_the_demo_poa_has_a_measured_mir():
    from avance.indicators.models import GoalChange, Indicator, Reading

    load_region("demo")
    poa = Plan.objects.get(kind="programa_operativo_anual")
    indicators = Indicator.objects.filter(node__plan=poa)
    assert indicators.count() == 6
    assert {i.formula_type for i in indicators} >= {"porcentaje", "razon", "indice", "hito"}
    assert {i.sentido for i in indicators} == {"ascending", "descending", "band"}
    lights = set(Reading.objects.filter(indicator__in=indicators).values_list("light", flat=True))
    assert {"red", "yellow", "green"} <= lights
    assert sorted(GoalChange.objects.values_list("state", flat=True)) == [
        "authorised",
        "rejected",
    ]
