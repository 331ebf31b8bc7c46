from __future__ import annotations

import copy

import pytest

from avance.audit.models import AuditEntry
from avance.core.interchange import InvalidDocument
from avance.plans.actions import do_load_plan
from avance.plans.models import Level, Node, Plan
from avance.progress.models import (
    DeclaredFigure,
    EvidenceLink,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)

pytestmark = pytest.mark.django_db


def test_it_loads_the_tree_levels_and_report(document):
    plan = do_load_plan("test", document)
    assert plan.slug == "ip-plan-de-prueba-2025"
    assert list(Level.objects.filter(plan=plan).values_list("name", "plural")) == [
        ("Eje", "Ejes"),
        ("Compromiso", "Compromisos"),
        ("Acción", "Acciones"),
    ]
    assert Node.objects.filter(plan=plan).count() == 10
    period = ReportingPeriod.objects.get(plan=plan)
    assert (period.label, period.state) == ("Primer informe", "published")


def test_it_keeps_leaf_values_as_published_updates_and_inner_ones_as_declared(document):
    plan = do_load_plan("test", document)
    updates = ProgressUpdate.objects.filter(node__plan=plan)
    assert updates.count() == 4  # Acción E reported nothing
    assert all(u.state == "published" and u.is_current for u in updates)
    design = updates.get(node__title="Acción C")
    assert design.status.key == "en-diseno" and design.status_text == "EN ETAPA DE DISEÑO"
    axis = DeclaredFigure.objects.get(plan=plan, node__title="Eje uno")
    assert axis.value == 40
    assert DeclaredFigure.objects.get(plan=plan, node=None, metric="progress").value == 50
    assert EvidenceLink.objects.get(node__title="Acción B").update is not None


def test_it_stores_the_computed_rollup_beside_the_declared_figures(document):
    plan = do_load_plan("test", document)
    current = Rollup.objects.get(plan=plan, period=None)
    # Eje uno: mean(mean(20, 60), 0) = 20; Eje dos: 100 (Acción E has no value); global 60.
    assert current.percent == pytest.approx(60)
    assert current.method == "mean"
    assert Rollup.objects.filter(plan=plan, period__isnull=False).count() == 1


def test_it_records_the_load_in_the_audit_trail(document):
    plan = do_load_plan("someone", document, source="plan.json")
    entry = AuditEntry.objects.get(action="plan.load")
    assert entry.plan_id == plan.id and entry.actor_label == "someone"
    assert entry.after == {"source": "plan.json", "nodes": 10}


def test_it_refuses_an_invalid_document_and_writes_nothing(document):
    bad = copy.deepcopy(document)
    bad["nodes"][0]["children"][0]["children"][1]["progress"] = "sesenta"
    with pytest.raises(InvalidDocument) as error:
        do_load_plan("test", bad, source="bad.json")
    message = str(error.value)
    assert "bad.json" in message
    assert "$.nodes[0].children[0].children[1].progress" in message
    assert Plan.objects.count() == 0 and Node.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"schema": "avance.plan/2"}, "$.schema"),
        ({"start": "2025-02-30"}, "$.start"),
        ({"start": "2025-12-01", "end": "2025-01-01"}, "$.end"),
        ({"kind": "plan_quinquenal"}, "$.kind"),
        ({"rollup": {"method": "median"}}, "$.rollup.method"),
    ],
)
def test_it_names_the_place_of_each_problem(document, change, path):
    document.update(change)
    with pytest.raises(InvalidDocument) as error:
        do_load_plan("test", document, source="x.json")
    assert path in [p for p, _problem in error.value.errors]


def test_it_gives_each_load_its_own_slug(document):
    first = do_load_plan("test", document)
    second = do_load_plan("test", document)
    assert second.slug == f"{first.slug}-2"


def test_it_reuses_the_institution_and_creates_the_unit(document):
    document["unit"] = "Dirección de Pruebas"
    plan = do_load_plan("test", document)
    again = do_load_plan("test", document)
    assert plan.owner_id == again.owner_id
    assert (
        plan.unit is not None and plan.unit.parent_id == plan.owner_id and plan.unit.kind == "unit"
    )
