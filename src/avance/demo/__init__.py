"""Load the demo region, or a generated plan of a given size, through the normal actions."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from avance.audit.log import Actor
from avance.core.interchange import status_key
from avance.demo import generate, region
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.plans.models import Node, Plan
from avance.progress.actions import (
    do_approve_update,
    do_change_period,
    do_open_period,
    do_publish_update,
    do_record_progress,
    do_submit_update,
)
from avance.progress.models import ReportingPeriod


@functools.cache
def demo_hash(password: str) -> str:
    """Every demo user's password, hashed once."""
    from django.contrib.auth.hashers import make_password

    return make_password(password)


def already_loaded() -> bool:
    return Plan.objects.filter(owner__name=region.ITAIVA).exists()


DEMO_LOGIN = ("admin", "avance-demo")  # printed by `avance demo`; a demo is never a deployment


@transaction.atomic
def load_region(actor: Actor) -> list[str]:
    """Load the region once; lines to print: what is there and how to sign in."""
    lines = []
    fresh = not already_loaded()
    if not fresh:
        lines.append(gettext("Demo data already loaded:"))
    else:
        for document in region.PLANS:
            plan = do_load_plan(actor, document, source="demo")
            if document is region.OPEN_GOV:
                _later_periods(actor, plan)
            do_publish_plan(actor, plan)
        _profiles(actor)
        _network(actor)
        lines.append(gettext("Demo data loaded:"))
    for plan in Plan.objects.select_related("owner").order_by("title"):
        lines.append(f"  {plan.title} — {plan.owner} — {plan.slug}")
    username, password = do_create_demo_login(actor)
    lines.append(
        gettext("Admin at /admin/: user '%(user)s', password '%(password)s'")
        % {"user": username, "password": password}
    )
    lines.append(
        gettext("Staff workspace at /trabajo/ (password '%(password)s' for every demo user):")
        % {"password": password}
    )
    for user, role, organization in do_create_demo_roles(actor):
        lines.append(f"  {user:20} {role:9} {organization}")
    if fresh:
        from avance.demo import indicators

        poa = Plan.objects.get(owner__name=region.POA["organization"]["name"])
        indicators.load(
            actor,
            poa,
            officer=User.objects.get(username="enlace.sanandres"),
            reviewer=User.objects.get(username="revision.sanandres"),
            planner=User.objects.get(username="planeacion.sanandres"),
        )
        from avance.demo import network as network_work
        from avance.organizations.models import Organization

        network = Organization.objects.get(name=region.NETWORK_NAME)
        for user, role, organization in network_work.load(actor, network, password):
            lines.append(f"  {user:20} {role:11} {organization}")
    return lines


def _profiles(actor: Actor) -> None:
    from avance.organizations.actions import do_update_profile
    from avance.organizations.models import Organization

    for name, profile in region.PROFILES.items():
        organization = Organization.objects.filter(name=name, parent=None).first()
        if organization is None:
            continue
        logo = _logo(profile["initials"], profile["color"])
        do_update_profile(
            actor,
            organization,
            logo=("logo.png", logo),
            description=profile["description"],
            email=profile["email"],
            phone=profile["phone"],
            address=profile["address"],
            color=profile["color"],
        )


def _network(actor: Actor) -> None:
    from avance.networks.actions import do_add_member, do_create_network, do_set_coordinator
    from avance.organizations.actions import do_create_organization
    from avance.organizations.models import Organization

    network = do_create_network(actor, region.NETWORK_NAME, acronym=region.NETWORK_ACRONYM)
    joined = dt.date.fromisoformat(region.NETWORK_JOINED)
    members = []
    for name, acronym, population in region.NETWORK_MEMBERS:
        organization = Organization.objects.filter(name=name, parent=None).first()
        if organization is None:
            organization = do_create_organization(
                actor, name, acronym=acronym, kind=Organization.Kind.TRANSPARENCY
            )
        do_add_member(actor, network, organization, joined=joined, population=population)
        members.append(organization)
    do_set_coordinator(actor, network, members[0], start=joined)


def _logo(initials: str, color: str) -> bytes:
    """A plain monogram: the institution's colour with its initials in white (Pillow, which
    WeasyPrint already brings)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (160, 160), color)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.text((80, 80), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


DEMO_ROLES = [  # (username, role, whose institution, full name)
    ("planeacion", "planner", "open_gov", "Laura Cisneros (Planeación)"),
    ("enlace", "officer", "open_gov", "Héctor Aguilar (Enlace de Obra Pública)"),
    ("revision", "reviewer", "open_gov", "Sofía Medina (Revisión)"),
    ("consulta", "reader", "open_gov", "Rubén Ortiz (Consulta)"),
    ("externo", "officer", "work_plan", "Usuario de otra institución"),
    # a planner and a reviewer in each of the other two institutions
    ("planeacion.itaiva", "planner", "work_plan", "Marta Ibarra (Planeación ITAIVA)"),
    ("revision.itaiva", "reviewer", "work_plan", "Jorge Salas (Revisión ITAIVA)"),
    ("planeacion.sanandres", "planner", "poa", "Elena Ruiz (Planeación San Andrés)"),
    ("revision.sanandres", "reviewer", "poa", "Tomás Vega (Revisión San Andrés)"),
    ("enlace.sanandres", "officer", "poa", "Rosa Díaz (Enlace de Igualdad San Andrés)"),
]


@transaction.atomic
def do_create_demo_roles(actor: Actor) -> list[tuple[str, str, str]]:
    """One login per role in the open-government plan's institution, and an outsider."""
    from avance.accounts.actions import do_add_membership, do_assign, do_create_user

    _username, password = DEMO_LOGIN
    plans = {
        "open_gov": Plan.objects.get(owner__name=region.ST),
        "work_plan": Plan.objects.get(owner__name=region.ITAIVA, kind=region.WORK_PLAN["kind"]),
        "poa": Plan.objects.get(owner__name=region.POA["organization"]["name"]),
    }
    out = []
    for username, role, which, full_name in DEMO_ROLES:
        plan = plans[which]
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _sep, last = full_name.partition(" ")
            user = do_create_user(
                actor,
                username,
                password=password,
                password_hash=demo_hash(password),
                email=f"{username}@avance.invalid",
                first_name=first,
                last_name=last,
            )
            do_add_membership(actor, user, plan.owner, role)
            if role == "officer":
                node = (
                    Node.objects.filter(plan=plan, parent__isnull=False, children__isnull=False)
                    .order_by("id")
                    .first()
                )
                if node is not None:
                    do_assign(actor, node, user)
        out.append((username, role, plan.owner.acronym or plan.owner.name))
    return out


@transaction.atomic
def do_create_demo_login(actor: Actor) -> tuple[str, str]:
    """The demo's administrator account (created once). Accounts get their own app with roles."""
    from avance.accounts.actions import do_create_user

    username, password = DEMO_LOGIN
    if not User.objects.filter(username=username).exists():
        do_create_user(
            actor, username, password=password, email=f"{username}@avance.invalid", superuser=True
        )
    return username, password


def _later_periods(actor: Actor, plan: Plan) -> None:
    nodes = {
        (node.parent.ref if node.parent else "", node.ref): node
        for node in Node.objects.filter(plan=plan).select_related("parent")
    }
    statuses = {status.key: status for status in plan.statuses.all()}
    for key, label, start, end, state, values in region.OPEN_GOV_LATER:
        period = do_open_period(
            actor,
            plan,
            key=key,
            label=label,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
        )
        for ref_path, (percent, status_text, note) in values.items():
            skey = status_key(status_text)
            update = do_record_progress(
                actor,
                nodes[ref_path],
                period,
                percent=percent,
                status=statuses.get(skey) if skey else None,
                status_text=status_text,
                note=note,
                author_label="Enlace de la dependencia",
            )
            do_submit_update(actor, update)
            if state == ReportingPeriod.State.PUBLISHED:
                do_approve_update(actor, update)
                do_publish_update(actor, update)
        if state == ReportingPeriod.State.PUBLISHED:
            do_change_period(actor, period, "close")
            do_change_period(actor, period, "publish")


def load_generated(actor: Actor, size: int) -> Plan:
    """A published plan of `size` items (benchmarks, `avance demo --nodes N`)."""
    plan = do_load_plan(actor, generate.document(size), source=f"generated:{size}")
    return do_publish_plan(actor, plan)
