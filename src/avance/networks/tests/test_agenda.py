"""The shared agenda: members adopt lines (linked to an item of their own plan, or reported on
their own copy of the line), or decline them with a reason; a line's network figure is the
explained roll-up over the members' published figures, never counting a missing one as zero.
Sessions record attendance and agreements, followed up by the responsible members."""

from __future__ import annotations

import datetime as dt

import pytest

from avance.conftest import publish_check_in, small_document
from avance.core.errors import ActionError
from avance.networks import actions
from avance.networks.published import agenda_view
from avance.plans.actions import do_load_plan, do_publish_plan, do_set_rollup_method
from avance.plans.models import Node, Plan
from avance.progress.actions import do_open_period


@pytest.fixture
def agenda(red):
    network = red["network"]
    document = small_document(
        title="Agenda regional",
        organization={"name": network.name, "acronym": network.acronym},
        alignment=[
            {"framework": "PROTAI", "ref": "1", "title": "Acceso"},
            {"framework": "PROTAI", "ref": "9", "title": "Sin líneas"},
        ],
    )
    plan = do_publish_plan("test", do_load_plan("test", document))
    line = Node.objects.get(plan=plan, title="Acción A")
    line.alignment = [{"framework": "PROTAI", "ref": "1", "title": "Acceso"}]
    line.save(update_fields=["alignment"])
    return {**red, "agenda": plan, "line": line}


def _row(view, title):
    return next(row for row in view["lines"] if row.line.title == title)


def test_a_linked_item_counts_and_a_missing_member_is_not_zero(agenda, cast):
    a, b, c = (agenda["members"][k] for k in "ABC")
    actions.do_decide_line("test", agenda["line"], a, adopted=True, item=cast["leaf"])
    publish_check_in(cast["leaf"], cast["period"], percent=60)
    actions.do_decide_line("test", agenda["line"], b, adopted=True)  # its own copy, no figure
    with pytest.raises(ActionError) as no_reason:
        actions.do_decide_line("test", agenda["line"], c, adopted=False)
    assert no_reason.value.code == "reason_required"
    actions.do_decide_line("test", agenda["line"], c, adopted=False, reason="Fuera de mandato.")
    row = _row(agenda_view(agenda["network"]), "Acción A")
    assert (row.percent, row.method, row.counted) == (60.0, "mean", 1)
    assert row.not_reported == ["OGB"] and row.declined == ["IC"]
    states = [(cell["member"].organization.acronym, cell["state"]) for cell in row.cells]
    assert states == [("IC", "declined"), ("IP", "adopted"), ("OGB", "adopted")]


def test_a_line_adopted_without_a_link_is_reported_on_the_members_own_copy(agenda):
    b = agenda["members"]["B"]
    adoption = actions.do_decide_line("test", agenda["line"], b, adopted=True)
    copy = Node.objects.select_related("plan", "parent").get(pk=adoption.item_id)
    assert copy.plan.owner == b.organization and copy.plan.state == Plan.State.PUBLISHED
    assert (copy.title, copy.parent.title) == ("Acción A", agenda["line"].parent.title)
    assert copy.plan.title == "Agenda regional (RRT)"
    period = do_open_period(
        "test", copy.plan, key="s1", label="S1", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)
    )
    from avance.progress.actions import do_approve_update, do_publish_update, do_record_progress

    update = do_record_progress("test", copy, period, percent=100, submit=True)
    do_publish_update("test", do_approve_update("test", update))
    again = actions.do_decide_line("test", agenda["line"], b, adopted=True)
    assert again.item == copy  # adopting again keeps the copy and its history
    do_set_rollup_method("test", agenda["agenda"], "completed_ratio")
    view = agenda_view(agenda["network"])
    row = _row(view, "Acción A")
    assert (row.percent, row.method, row.counted) == (100.0, "completed_ratio", 1)
    objectives = {(o["ref"], len(o["lines"]), o["percent"]) for o in view["objectives"]}
    assert objectives == {("1", 1, 100.0), ("9", 0, None)}


def test_a_member_links_only_its_own_items(agenda, cast):
    with pytest.raises(ActionError) as foreign:
        actions.do_decide_line(
            "test", agenda["line"], agenda["members"]["B"], adopted=True, item=cast["leaf"]
        )
    assert foreign.value.code == "line_item_owner"


def test_the_agenda_page_shows_the_matrix_in_spanish(agenda, cast, client):
    actions.do_decide_line(
        "test", agenda["line"], agenda["members"]["A"], adopted=True, item=cast["leaf"]
    )
    publish_check_in(cast["leaf"], cast["period"], percent=60)
    actions.do_decide_line(
        "test", agenda["line"], agenda["members"]["C"], adopted=False, reason="Fuera de mandato."
    )
    html = client.get(f"/instituciones/{agenda['network'].slug}/agenda/").text
    row = html.split("Acción A</th>")[1].split("</tr>")[0]
    assert "60%" in row and "promedio, n=1" in row and "no adoptada" in row
    assert "sin decisión" in row  # B has not decided
    assert "PROTAI 9 — Sin líneas: <em>ninguna línea todavía</em>" in html


def test_sessions_record_agreements_that_the_responsible_member_follows_up(agenda, client):
    a, b = agenda["members"]["A"], agenda["members"]["B"]
    with pytest.raises(ActionError) as nobody:
        actions.do_record_session(
            "test",
            agenda["network"],
            kind="ordinary",
            title="S",
            date=dt.date(2025, 3, 1),
            present=[a],
            agreements=[{"ref": "1", "text": "x", "responsible": []}],
        )
    assert nobody.value.code == "agreement_responsible"
    session = actions.do_record_session(
        "test",
        agenda["network"],
        kind="extraordinary",
        title="Sesión extraordinaria 1",
        date=dt.date(2025, 3, 1),
        present=[a, b],
        agreements=[
            {
                "ref": "SE1-01",
                "text": "Publicar el diccionario de datos.",
                "due": dt.date(2025, 4, 30),
                "responsible": [a],
            }
        ],
    )
    agreement = session.agreements.get()
    with pytest.raises(ActionError) as bare:
        actions.do_follow_up_agreement("test", agreement, status="done")
    assert bare.value.code == "agreement_evidence"
    with pytest.raises(ActionError) as script:
        actions.do_follow_up_agreement("test", agreement, status="done", evidence="javascript:x")
    assert script.value.code == "link"
    client.force_login(agenda["users"]["enlace.a"])
    answer = client.post(
        f"/trabajo/acuerdos/{agreement.code.hex}/seguimiento/",
        {"status": "done", "note": "Publicado.", "evidence": "https://rrt.example/diccionario"},
    )
    assert answer.status_code == 302
    client.logout()
    html = client.get(f"/instituciones/{agenda['network'].slug}/").text
    section = html.split('id="sesiones"')[1].split("</section>")[0]
    assert (
        "Sesión extraordinaria 1" in section
        and "Sesión extraordinaria · 1 de marzo de 2025" in section
    )
    assert "Asistentes: IP, OGB" in section
    assert 'Cumplido<br><span class="small">Publicado.</span>' in section
    assert 'href="https://rrt.example/diccionario"' in section
