"""The demo network's work (made up): a shared agenda of twelve lines adopted unevenly, a
quarterly statistics form of thirteen variables (two broken down, two rules), two quarters of
figures (one member late, one returned, one missing), two sessions with agreements, and the
people who do it: a coordinator, a liaison per member and each member's reviewer. Everything
goes through the normal actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from avance.audit.log import Actor
from avance.organizations.models import Organization

PROTAI = "PROTAI"
OBJECTIVES = [  # the national programme's objectives: the catalogue the agenda is aligned to
    {"framework": PROTAI, "ref": "1", "title": "Promover el ejercicio del derecho de acceso"},
    {"framework": PROTAI, "ref": "2", "title": "Homologar criterios y procesos de los órganos"},
    {"framework": PROTAI, "ref": "3", "title": "Generar información estadística comparable"},
    {"framework": PROTAI, "ref": "4", "title": "Profesionalizar al personal de los órganos"},
    {"framework": PROTAI, "ref": "5", "title": "Fortalecer la transparencia proactiva"},
]


def _line(ref: str, title: str, objective: str) -> dict[str, Any]:
    chosen = next(o for o in OBJECTIVES if o["ref"] == objective)
    return {"level": "Línea de acción", "ref": ref, "title": title, "alignment": [chosen]}


def agenda_document(name: str, acronym: str) -> dict[str, Any]:
    return {
        "schema": "avance.plan/1",
        "title": "Agenda Regional 2025-2026",
        "kind": "plan_trabajo_regional",
        "organization": {"name": name, "acronym": acronym},
        "start": "2025-01-01",
        "end": "2026-12-31",
        "objective": "Agendas conjuntas de los órganos garantes de la región, con su seguimiento "
        "y evaluación.",
        "alignment": OBJECTIVES,
        "levels": ["Eje", "Línea de acción"],
        "nodes": [
            {
                "level": "Eje",
                "ref": "1",
                "title": "Agendas conjuntas y seguimiento",
                "children": [
                    _line("1.1", "Calendario regional de jornadas de acceso a la información", "1"),
                    _line("1.2", "Campaña regional en lenguas originarias", "1"),
                    _line("1.3", "Criterios comunes para resolver recursos de revisión", "2"),
                    _line("1.4", "Mesas de análisis trimestrales de criterios", "2"),
                ],
            },
            {
                "level": "Eje",
                "ref": "2",
                "title": "Estadística estandarizada",
                "children": [
                    _line("2.1", "Reporte trimestral con el formulario regional", "3"),
                    _line("2.2", "Diccionario común de datos de solicitudes", "3"),
                    _line("2.3", "Publicación de datos abiertos de la región", "3"),
                    _line("2.4", "Verificación conjunta de portales de sujetos obligados", "2"),
                ],
            },
            {
                "level": "Eje",
                "ref": "3",
                "title": "Difusión y profesionalización",
                "children": [
                    _line("3.1", "Estrategia de difusión medida por alcance en cada estado", "1"),
                    _line("3.2", "Programa de especialización del personal", "4"),
                    _line("3.3", "Evaluación del impacto de la difusión", "1"),
                    _line("3.4", "Certificación de unidades de transparencia", "4"),
                ],
            },
        ],
    }


SEX = {
    "code": "SEXO",
    "name": "Sexo",
    "categories": [["mujeres", "Mujeres"], ["hombres", "Hombres"]],
}
FORM: dict[str, Any] = {
    "disaggregations": [
        {
            "code": "CANAL",
            "name": "Canal",
            "categories": [
                ["plataforma", "Plataforma Nacional"],
                ["correo", "Correo"],
                ["presencial", "Presencial"],
            ],
        },
        SEX,
    ],
    "variables": [
        {
            "code": "SOL_REC",
            "name": "Solicitudes de acceso recibidas",
            "unit": "solicitudes",
            "required": True,
            "disaggregation": "CANAL",
            "definition": "Solicitudes de acceso a la información pública recibidas en el trimestre.",
        },
        {
            "code": "SOL_ATE",
            "name": "Solicitudes de acceso atendidas",
            "unit": "solicitudes",
            "required": True,
            "definition": "Solicitudes con respuesta notificada en el trimestre.",
        },
        {
            "code": "REC_REV",
            "name": "Recursos de revisión interpuestos",
            "unit": "recursos",
            "required": True,
        },
        {"code": "REC_RES", "name": "Recursos de revisión resueltos", "unit": "recursos"},
        {"code": "ARCO", "name": "Solicitudes de derechos ARCO", "unit": "solicitudes"},
        {
            "code": "CAP_PER",
            "name": "Personas capacitadas",
            "unit": "personas",
            "disaggregation": "SEXO",
        },
        {"code": "CAP_EVT", "name": "Eventos de capacitación", "unit": "eventos"},
        {
            "code": "DIF_ALC",
            "name": "Personas alcanzadas por la difusión",
            "unit": "personas",
            "definition": "Alcance de la estrategia regional de difusión en el estado.",
        },
        {"code": "VER_SO", "name": "Sujetos obligados verificados", "unit": "sujetos obligados"},
        {
            "code": "VER_CUM",
            "name": "Índice de cumplimiento promedio",
            "kind": "percentage",
            "unit": "%",
        },
        {
            "code": "PRESUP",
            "name": "Presupuesto ejercido",
            "kind": "decimal",
            "unit": "millones de pesos",
            "minimum": 0,
        },
        {"code": "PORTAL", "name": "Portal de datos abiertos actualizado", "kind": "yes_no"},
        {"code": "OBS", "name": "Observaciones", "kind": "text"},
    ],
    "rules": [
        {"left": "SOL_ATE", "op": "<=", "right": "SOL_REC"},
        {"left": "REC_RES", "op": "<=", "right": "REC_REV"},
    ],
}

QUARTERS = [  # key, label, start, end, due
    ("2025-t1", "Primer trimestre 2025", "2025-01-01", "2025-03-31", "2025-04-20"),
    ("2025-t2", "Segundo trimestre 2025", "2025-04-01", "2025-06-30", "2025-07-20"),
]


def figures(index: int, population: int, quarter: int) -> dict[str, str]:
    """Plausible figures that grow with the population and the quarter (deterministic)."""
    base = population // 1000
    received = base + 40 * index + 25 * quarter
    channels = [received * 6 // 10, received * 3 // 10]
    channels.append(received - sum(channels))
    trained = 80 + 35 * index + 20 * quarter
    appeals = received // 12
    return {
        "SOL_REC.plataforma": str(channels[0]),
        "SOL_REC.correo": str(channels[1]),
        "SOL_REC.presencial": str(channels[2]),
        "SOL_ATE": str(received - 15 - 3 * index),
        "REC_REV": str(appeals),
        "REC_RES": str(appeals - 2 - index % 3),
        "ARCO": str(base // 20 + index),
        "CAP_PER.mujeres": str(trained * 55 // 100),
        "CAP_PER.hombres": str(trained - trained * 55 // 100),
        "CAP_EVT": str(6 + index + quarter),
        "DIF_ALC": str(base * 3 + 500 * quarter),
        "VER_SO": str(30 + 7 * index),
        "VER_CUM": f"{72 + 3 * index + 2 * quarter}.5",
        "PRESUP": f"{4 + index}.{quarter}5",
        "PORTAL": "sí" if (index + quarter) % 3 else "no",
        "OBS": "",
    }


def load(actor: Actor, network: Organization, password: str) -> list[tuple[str, str, str]]:
    """Load the network's work; the people it created as (username, role, institution)."""
    from avance.accounts.actions import do_add_membership, do_create_user
    from avance.networks import actions
    from avance.networks.models import Member, NetworkRole
    from avance.plans.actions import do_load_plan, do_publish_plan
    from avance.plans.models import Node

    members = list(
        Member.objects.filter(network=network).select_related("organization").order_by("id")
    )
    people: list[tuple[str, str, str]] = []

    def person(username: str, full_name: str) -> User:
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        first, _sep, last = full_name.partition(" ")
        from avance.demo import demo_hash

        return do_create_user(
            actor,
            username,
            password=password,
            password_hash=demo_hash(password),
            email=f"{username}@avance.invalid",
            first_name=first,
            last_name=last,
        )

    coordinator = person("coordinacion.red", "Alma Reyes (Coordinación de la Red)")
    actions.do_give_network_role(actor, coordinator, network, NetworkRole.Role.COORDINATOR)
    people.append(("coordinacion.red", "coordinator", network.acronym))
    # the coordinator also plans the network's own agenda; a secretary reviews it
    do_add_membership(actor, coordinator, network, "planner")
    people.append(("coordinacion.red", "planner", network.acronym))
    secretary = person("revision.red", "Luis Ortega (Secretaría técnica de la Red)")
    do_add_membership(actor, secretary, network, "reviewer")
    people.append(("revision.red", "reviewer", network.acronym))
    for member in members:
        acronym = member.organization.acronym.lower()
        liaison = person(f"enlace.{acronym}", f"Enlace {member.organization.acronym}")
        actions.do_give_network_role(
            actor, liaison, network, NetworkRole.Role.LIAISON, member=member
        )
        people.append((liaison.username, "liaison", member.organization.acronym))
        # each member's own staff: a reviewer approves its figures; a planner runs its copy of
        # the agenda (ITAIVA's come with the region)
        for role, prefix in (("reviewer", "revision"), ("planner", "planeacion")):
            username = f"{prefix}.{acronym}"
            if not User.objects.filter(username=username).exists():
                staff = person(username, f"{prefix.capitalize()} {member.organization.acronym}")
                do_add_membership(actor, staff, member.organization, role)
                people.append((username, role, member.organization.acronym))

    # the shared agenda, adopted unevenly
    agenda = do_publish_plan(
        actor, do_load_plan(actor, agenda_document(network.name, network.acronym), source="demo")
    )
    lines = list(Node.objects.filter(plan=agenda, children__isnull=True).order_by("position", "id"))
    by_ref = {line.ref: line for line in lines}
    itaiva = members[0]
    own = {
        node.ref: node
        for node in Node.objects.filter(
            plan__owner=itaiva.organization, children__isnull=True
        ).order_by("id")
    }
    links = {"1.1": "1.1", "1.2": "1.2", "3.1": "1.1", "3.2": "2.1"}  # agenda line → own item
    declined = {
        1: {"1.2": "No hay población hablante de lenguas originarias registrada en el estado."},
        2: {
            "2.4": "La verificación se hace con el órgano nacional este año.",
            "3.4": "Sin presupuesto.",
        },
        3: {
            "1.2": "Se atiende con el programa estatal de lenguas.",
            "3.3": "Sin personal evaluador.",
        },
        4: {},
        5: {"3.2": "El programa de especialización empieza en 2026."},
    }
    for index, member in enumerate(members):
        for line in lines:
            reason = declined.get(index, {}).get(line.ref)
            if index == 4 and line.ref.startswith("3"):
                continue  # OGTRG has not decided on the third axis yet
            item = own.get(links[line.ref]) if index == 0 and line.ref in links else None
            actions.do_decide_line(
                actor, line, member, adopted=reason is None, reason=reason or "", item=item
            )
    assert len(by_ref) == 12
    _member_progress(actor, members[1:4], lines)

    # the statistics form and two quarters of figures
    form = actions.do_create_form(
        actor, network, "estadistica-trimestral", "Estadística trimestral de transparencia", FORM
    )
    for quarter, (key, label, start, end, due) in enumerate(QUARTERS, start=1):
        period = actions.do_open_stats_period(
            actor,
            form,
            key,
            label,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            due=dt.date.fromisoformat(due),
        )
        sent = dt.datetime.fromisoformat(due).replace(tzinfo=dt.UTC) - dt.timedelta(days=5)
        for index, member in enumerate(members):
            if index == 5:
                continue  # IDATA does not report
            late = quarter == 1 and index == 2  # CTCB sends the first quarter late
            submission = actions.do_save_figures(
                actor,
                period,
                member,
                figures(index, member.population or 0, quarter),
                submit=True,
                submitted_at=sent + dt.timedelta(days=12 if late else 0),
            )
            if quarter == 2 and index == 3:
                actions.do_return_figures(
                    actor,
                    submission,
                    "El total de solicitudes por canal no coincide con su informe anual; revisen "
                    "el canal presencial.",
                )
            elif quarter == 2 and index == 4:
                continue  # OGTRG's second quarter waits for its reviewer
            else:
                actions.do_approve_figures(actor, submission)
        if quarter == 1:
            actions.do_close_stats_period(actor, period)

    # two sessions with agreements
    first = actions.do_record_session(
        actor,
        network,
        kind="ordinary",
        title="Primera sesión ordinaria 2025",
        date=dt.date(2025, 3, 20),
        present=members[:5],
        agreements=[
            {
                "ref": "SO1-01",
                "text": "Adoptar el formulario regional de estadística trimestral.",
                "due": dt.date(2025, 4, 30),
                "responsible": members,
            },
            {
                "ref": "SO1-02",
                "text": "Proponer criterios comunes para recursos de revisión.",
                "due": dt.date(2025, 6, 30),
                "responsible": [members[1], members[2]],
            },
            {
                "ref": "SO1-03",
                "text": "Calendarizar las jornadas regionales de acceso.",
                "due": dt.date(2025, 5, 15),
                "responsible": [members[0]],
            },
        ],
    )
    agreements = {a.ref: a for a in first.agreements.all()}
    actions.do_follow_up_agreement(
        actor,
        agreements["SO1-01"],
        status="done",
        note="Cinco de seis órganos reportaron el primer trimestre.",
    )
    actions.do_follow_up_agreement(
        actor,
        agreements["SO1-03"],
        status="done",
        note="Calendario publicado.",
        evidence="https://itaiva.example/jornadas-2025",
    )
    actions.do_follow_up_agreement(
        actor, agreements["SO1-02"], status="in_progress", note="Borrador en revisión."
    )
    actions.do_record_session(
        actor,
        network,
        kind="working",
        title="Mesa de análisis de criterios de resolución",
        date=dt.date(2025, 9, 10),
        present=[members[0], members[1], members[3], members[4]],
        agreements=[
            {
                "ref": "MA1-01",
                "text": "Homologar el criterio sobre información reservada en contratos de obra.",
                "due": dt.date(2025, 12, 15),
                "responsible": [members[0], members[3]],
            },
            {
                "ref": "MA1-02",
                "text": "Medir el impacto de la difusión con una encuesta común.",
                "due": dt.date(2026, 2, 28),
                "responsible": [members[4]],
            },
        ],
    )
    return people


def _member_progress(actor: Actor, members: list[Any], lines: list[Any]) -> None:
    """Three members check in on some adopted lines in their own copy of the agenda, through the
    usual flow (recorded, submitted, approved, published), for a first semester."""
    from avance.networks.models import Adoption
    from avance.progress.actions import (
        do_approve_update,
        do_change_period,
        do_open_period,
        do_publish_update,
        do_record_progress,
        do_submit_update,
    )

    for index, member in enumerate(members, start=1):
        adoptions = list(
            Adoption.objects.filter(member=member, adopted=True, line__in=lines)
            .select_related("item__plan")
            .order_by("line__parent__position", "line__position")
        )
        if not adoptions:
            continue
        items = [adoption.item for adoption in adoptions if adoption.item is not None]
        plan = items[0].plan
        period = do_open_period(
            actor,
            plan,
            key="2025-s1",
            label="Primer semestre 2025",
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 6, 30),
        )
        for position, item in enumerate(items[: 3 + index]):
            update = do_record_progress(
                actor,
                item,
                period,
                percent=min(100, 15 * (position + index)),
                narrative="Avance informado por el enlace del órgano garante.",
                author_label=f"Enlace {member.organization.acronym}",
            )
            do_submit_update(actor, update)
            do_approve_update(actor, update)
            do_publish_update(actor, update)
        do_change_period(actor, period, "close")
        do_change_period(actor, period, "publish")


def generate(
    actor: Actor, *, members: int = 32, variables: int = 50, periods: int = 8, lines: int = 12
) -> Organization:
    """A generated network for benchmarks and large-page tests: `members` institutions
    (m01…), a form of `variables` variables (V01…; every fifth broken down by sex, one rule),
    `periods` quarters of approved figures with one member in ten missing each quarter, and an
    agenda of `lines` lines adopted by every member (every fourth declined by one member)."""
    from avance.networks import actions
    from avance.organizations.actions import do_create_organization
    from avance.plans.actions import do_load_plan, do_publish_plan

    network = actions.do_create_network(actor, f"Red generada de {members} miembros", acronym="RG")
    joined = dt.date(2020, 1, 1)
    people = []
    for number in range(1, members + 1):
        organization = do_create_organization(
            actor,
            f"Órgano garante generado {number:02d}",
            acronym=f"M{number:02d}",
            kind=Organization.Kind.TRANSPARENCY,
        )
        people.append(
            actions.do_add_member(
                actor, network, organization, joined=joined, population=500_000 + 97_000 * number
            )
        )
    actions.do_set_coordinator(actor, network, people[0].organization, start=joined)
    definition: dict[str, Any] = {
        "disaggregations": [SEX],
        "variables": [
            {
                "code": f"V{n:02d}",
                "name": f"Variable generada {n:02d}",
                "unit": "casos",
                "disaggregation": "SEXO" if n % 5 == 0 else "",
            }
            for n in range(1, variables + 1)
        ],
        "rules": [{"left": "V02", "op": "<=", "right": "V01"}] if variables > 1 else [],
    }
    form = actions.do_create_form(actor, network, "formulario", "Formulario generado", definition)
    for quarter in range(periods):
        year, q = 2020 + quarter // 4, quarter % 4
        start = dt.date(year, 3 * q + 1, 1)
        following = dt.date(year + 1, 1, 1) if q == 3 else dt.date(year, 3 * q + 4, 1)
        end = following - dt.timedelta(days=1)
        period = actions.do_open_stats_period(
            actor, form, f"{year}-t{q + 1}", f"T{q + 1} {year}", start=start, end=end, due=end
        )
        for index, member in enumerate(people):
            if (index + quarter) % 10 == 9:
                continue  # one member in ten does not report this quarter
            raw = {}
            for n in range(1, variables + 1):
                value = 1000 - 10 * n + 7 * index + 3 * quarter
                if n % 5 == 0:
                    raw[f"V{n:02d}.mujeres"] = str(value // 2)
                    raw[f"V{n:02d}.hombres"] = str(value - value // 2)
                else:
                    raw[f"V{n:02d}"] = str(value)
            submission = actions.do_save_figures(actor, period, member, raw, submit=True)
            actions.do_approve_figures(actor, submission)
    agenda = agenda_document(network.name, network.acronym)
    children = [line for axis in agenda["nodes"] for line in axis["children"]]
    agenda["nodes"] = [
        {
            **agenda["nodes"][0],
            "children": [{**children[n % 12], "ref": f"1.{n + 1}"} for n in range(lines)],
        }
    ]
    plan = do_publish_plan(actor, do_load_plan(actor, agenda, source="generated"))
    for number, line in enumerate(plan.nodes.filter(children__isnull=True).order_by("position")):
        for index, member in enumerate(people):
            declined = number % 4 == 0 and index == number % members
            actions.do_decide_line(
                actor,
                line,
                member,
                adopted=not declined,
                reason="Fuera de su mandato." if declined else "",
            )
    return network
