"""Every public and workspace page, as each role, in Spanish and in English, at 1280 px and at
390 px, in Debian's Chromium: the page answers 200 in the asked language, nothing scrolls
sideways, axe-core finds no serious or critical violation, and no phrase of the interface's
other language shows (a phrase of the catalogue, in its untranslated or translated form; the
plans' own data is Spanish and is not the interface). Screenshots: test-artifacts/walk/."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from avance.demo import load_region
from avance.networks.models import Submission
from avance.plans.models import Node, Plan
from avance.portal.tests.test_browser import AXE
from avance.progress.actions import do_record_progress, do_return_update
from avance.progress.models import ReportingPeriod
from avance.subscriptions.actions import do_subscribe
from avance.subscriptions.models import Subscription

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "walk"
CATALOGUE = Path(__file__).resolve().parents[1] / "locale/es_MX/LC_MESSAGES/django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|[«»“”:;.,()¿?¡!]")
WIDTHS = {"desktop": 1280, "phone": 390}


def phrases() -> dict[str, set[str]]:
    """Interface phrases of each language: fragments of two words or more of each catalogue
    entry, between its placeholders, that are not the same in both languages."""
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    english: set[str] = set()
    spanish: set[str] = set()
    for key, translated in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or not translated or msgid == translated:
            continue
        # English single words (buttons, headings: «History», «Edit») count too; Spanish single
        # words do not, since the plans' own Spanish data is full of them.
        english.update(_fragments(msgid, words=1))
        spanish.update(_fragments(translated, words=2))
    # A single word that the Spanish side also uses («Avance», «AGPL-3», «Plan») is no sign.
    vocabulary = {
        word for text in catalogue.values() for word in PLACEHOLDER.sub(" ", str(text)).split()
    }
    english = {p for p in english if " " in p or p not in vocabulary}
    return {"en": english - spanish, "es-mx": spanish - english}


def _fragments(text: str, words: int) -> set[str]:
    return {
        " ".join(part.split())
        for part in PLACEHOLDER.split(text)
        if len(part.split()) >= words
        and len(part.strip()) >= (10 if words > 1 else 4)
        # a capitalised single word: an interface label, not a word inside a sentence
        and (words > 1 or part.strip()[:1].isupper())
    }


def other_language(text: str, language: str, catalogue: dict[str, set[str]]) -> list[str]:
    other = catalogue["en" if language == "es-mx" else "es-mx"]
    return sorted(p for p in other if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """The demo region, with one check-in waiting for review and one returned to its author,
    and a citizen's pending subscription."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_region("demo")
    plan = Plan.objects.get(kind="plan_accion_estado_abierto")
    period = ReportingPeriod.objects.get(plan=plan, state=ReportingPeriod.State.OPEN)
    officer = User.objects.get(username="enlace")
    commitment = Node.objects.get(plan=plan, assignments__user=officer)
    first, second = commitment.children.order_by("position")[:2]
    submitted = do_record_progress(
        officer, first, period, percent=40, narrative="Se avanzó.", submit=True
    )
    returned = do_record_progress(
        officer, second, period, percent=30, narrative="Primer borrador.", submit=True
    )
    do_return_update(User.objects.get(username="revision"), returned, "Falta la evidencia.")
    do_subscribe("test", plan, "ciudadana@example.org", "es-mx")
    return {
        "plan": plan,
        "period": period,
        "commitment": commitment,
        "leaf": first,
        "submitted": submitted,
        "returned": returned,
        "token": Subscription.objects.get().token.hex,
    }


def pages(w) -> dict[str | None, list[tuple[str, str, str]]]:
    """(name, method, path) of each role's pages; POST pages are reached by submitting a form."""
    plan, slug = w["plan"], w["plan"].slug
    poa = Plan.objects.get(kind="programa_operativo_anual")
    activity = poa.nodes.filter(budget__isnull=False).order_by("position").first()
    measured = poa.nodes.filter(indicators__isnull=False).order_by("position").first()
    indicator = measured.indicators.order_by("position").first()
    node = plan.nodes.filter(parent__isnull=True).order_by("position").first()
    published = plan.periods.filter(state="published").order_by("start").first()
    submitted_figures = Submission.objects.filter(state="submitted").first()
    return {
        None: [
            ("home", "GET", "/"),
            ("institution", "GET", f"/instituciones/{plan.owner.slug}/"),
            ("plan", "GET", f"/planes/{slug}/"),
            ("plan-period", "GET", f"/planes/{slug}/?periodo={published.key}"),
            ("table", "GET", f"/planes/{slug}/tabla/"),
            ("node", "GET", f"/planes/{slug}/elementos/{node.code.hex}/"),
            ("leaf", "GET", f"/planes/{slug}/elementos/{w['commitment'].code.hex}/"),
            ("search", "GET", "/buscar/?q=presupuesto"),
            ("poa", "GET", f"/planes/{poa.slug}/"),
            ("poa-item", "GET", f"/planes/{poa.slug}/elementos/{activity.code.hex}/"),
            ("poa-institution", "GET", f"/instituciones/{poa.owner.slug}/"),
            ("poa-indicators", "GET", f"/planes/{poa.slug}/elementos/{measured.code.hex}/"),
            ("poa-mir", "GET", f"/planes/{poa.slug}/indicadores/"),
            ("network", "GET", "/instituciones/red-centro-valle/"),
            ("network-agenda", "GET", "/instituciones/red-centro-valle/agenda/"),
            ("network-stats", "GET", "/instituciones/red-centro-valle/estadisticas/"),
            (
                "network-variable",
                "GET",
                "/instituciones/red-centro-valle/estadisticas/estadistica-trimestral/SOL_REC/",
            ),
            (
                "network-member",
                "GET",
                "/instituciones/red-centro-valle/estadisticas/estadistica-trimestral/miembros/"
                "itaiva/",
            ),
            ("follow", "POST", f"/planes/{slug}/seguir/"),
            ("confirm", "GET", f"/suscripciones/{w['token']}/confirmar/"),
            ("unsubscribe", "GET", f"/suscripciones/{w['token']}/baja/"),
            ("not-found", "GET", "/planes/no-existe/"),
            ("sign-in", "GET", "/entrar/"),
        ],
        "planeacion": [
            ("my-work", "GET", "/trabajo/"),
            ("new-plan", "GET", "/trabajo/planes/nuevo/"),
            ("settings", "GET", f"/trabajo/planes/{slug}/ajustes/"),
            ("structure", "GET", f"/trabajo/planes/{slug}/estructura/"),
            ("node-add", "GET", f"/trabajo/planes/{slug}/estructura/nuevo/"),
            ("node-edit", "GET", f"/trabajo/planes/{slug}/estructura/{w['leaf'].code.hex}/"),
            (
                "node-delete",
                "GET",
                f"/trabajo/planes/{slug}/estructura/{w['leaf'].code.hex}/borrar/",
            ),
            ("periods", "GET", f"/trabajo/planes/{slug}/periodos/"),
            ("audit", "GET", f"/trabajo/planes/{slug}/bitacora/"),
            ("institution", "GET", f"/trabajo/instituciones/{plan.owner.slug}/"),
        ],
        "enlace": [
            ("my-work", "GET", "/trabajo/"),
            (
                "check-in",
                "GET",
                f"/trabajo/planes/{slug}/elementos/{w['leaf'].code.hex}/reportar/"
                f"?periodo={w['period'].key}",
            ),
            ("update", "GET", f"/trabajo/reportes/{w['submitted'].code.hex}/"),
            ("correct", "GET", f"/trabajo/reportes/{w['returned'].code.hex}/corregir/"),
            ("forbidden", "GET", f"/trabajo/planes/{slug}/ajustes/"),
        ],
        "consulta": [
            ("my-work", "GET", "/trabajo/"),
            ("audit", "GET", f"/trabajo/planes/{slug}/bitacora/"),
        ],
        "planeacion.sanandres": [
            ("indicators", "GET", f"/trabajo/planes/{poa.slug}/indicadores/"),
            ("indicator-new", "GET", f"/trabajo/planes/{poa.slug}/indicadores/nuevo/"),
            ("indicator", "GET", f"/trabajo/indicadores/{indicator.code.hex}/"),
            ("indicator-edit", "GET", f"/trabajo/indicadores/{indicator.code.hex}/editar/"),
        ],
        "enlace.sanandres": [
            ("my-work", "GET", "/trabajo/"),
            ("measure", "GET", f"/trabajo/indicadores/{indicator.code.hex}/medir/"),
        ],
        "revision": [
            ("my-work", "GET", "/trabajo/"),
            ("review", "GET", f"/trabajo/reportes/{w['submitted'].code.hex}/"),
        ],
        "coordinacion.red": [
            ("network", "GET", "/trabajo/redes/red-centro-valle/"),
            ("forms", "GET", "/trabajo/redes/red-centro-valle/formularios/"),
            ("session", "GET", "/trabajo/redes/red-centro-valle/sesiones/nueva/"),
            ("figures", "GET", f"/trabajo/cifras/{submitted_figures.code.hex}/"),
        ],
        "enlace.itln": [
            ("network", "GET", "/trabajo/redes/red-centro-valle/"),
            ("fill", "GET", "/trabajo/redes/red-centro-valle/" + FILL + "itln/"),
            ("agenda", "GET", "/trabajo/redes/red-centro-valle/agenda/itln/"),
        ],
    }


STATUS = {"not-found": 404, "forbidden": 403}
FILL = "estadisticas/estadistica-trimestral/2025-t2/"


@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_every_page_reads_in_one_language_fits_and_passes_axe(
    world, live_server, browser, language
):
    catalogue = phrases()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for role, role_pages in pages(world).items():
        cookies = []
        if role is not None:
            client = Client()
            client.force_login(User.objects.get(username=role))
            session = client.cookies["sessionid"].value
            cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
        for width_name, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            if cookies:
                context.add_cookies(cookies)
            page = context.new_page()
            for name, method, path in role_pages:
                label = f"{role or 'citizen'}-{name}-{language}-{width_name}"
                base = live_server.url + ("/en" if language == "en" else "")  # the address says it
                problems.extend(_visit(page, base, method, path, name, label, language))
                problems.extend(
                    f"{label}: {p!r} is {'English' if language == 'es-mx' else 'Spanish'}"
                    for p in other_language(_visible_text(page), language, catalogue)
                )
            context.close()
    assert not problems, "\n".join(problems)


def _visit(
    page, base: str, method: str, path: str, name: str, label: str, language: str
) -> list[str]:
    if method == "POST":  # the follow form on the plan page, filled in as a citizen would
        page.goto(base + path.removesuffix("seguir/"))
        page.fill("#follow-email", "otra@example.org")
        with page.expect_navigation():
            page.locator("form.follow button").click()
        status = 200
    else:
        response = page.goto(base + path)
        status = response.status if response else 0
    out = []
    if status != STATUS.get(name, 200):
        out.append(f"{label}: answered {status}")
    if page.locator("html").get_attribute("lang") != language:
        out.append(f"{label}: lang={page.locator('html').get_attribute('lang')}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        out.append(f"{label}: scrolls sideways by {overflow}px")
    page.screenshot(path=str(ARTIFACTS / f"{label}.png"), full_page=True)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    out.extend(
        f"{label}: axe {v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    )
    return out


def _visible_text(page) -> str:
    """What a reader sees or hears: the text, and the labels, alternatives and placeholders;
    not what is marked as another language (the language switch names each in its own)."""
    return page.evaluate(
        """() => [document.title, (() => {
                const own = document.documentElement.lang;
                const other = [...document.querySelectorAll('body [lang]')].filter(
                    e => e.lang !== own);
                other.forEach(e => e.hidden = true);
                const text = document.body.innerText;
                other.forEach(e => e.hidden = false);
                return text; })(),
            ...[...document.querySelectorAll('[aria-label],[alt],[title],[placeholder]')].map(
                e => [e.getAttribute('aria-label'), e.getAttribute('alt'), e.getAttribute('title'),
                      e.getAttribute('placeholder')].filter(Boolean).join(' ')),
            ...[...document.querySelectorAll('option,input[type=submit],button')].map(
                e => e.textContent || e.value)].join('\\n')"""
    )
