"""Render published addresses into the public directory, through the live views.

Each address is asked of the application itself (its WSGI handler, with every middleware), as
an anonymous visitor would ask it, so a file holds exactly the bytes the live view answers: the
same read model, templates and language. Only answers 200 are kept.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from avance.organizations.models import Organization
from avance.plans.models import Plan
from avance.portal.access import public_plans
from avance.portal.site import files
from avance.portal.site.store import SITE, PublicDirectory, write_file
from avance.progress import published
from avance.progress.models import ReportingPeriod

CATALOGUE = "/datos/"
PLAN_PAGES = ("", "tabla/", "indicadores/", "descargas/plan.json", "descargas/plan.csv")


@dataclass
class Rendered:
    files: int = 0
    skipped: list[str] = field(default_factory=list)  # addresses that did not answer 200

    def add(self, other: Rendered) -> None:
        self.files += other.files
        self.skipped += other.skipped


def language_prefixes() -> list[str]:
    """'' for the default language, '/en' and so on for the others (urls.py's i18n_patterns)."""
    return [
        "" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES
    ]


def plan_addresses(plan: Plan) -> list[tuple[str, str]]:
    """(path, query) of everything rendered for a public plan, in the default language: its
    pages and downloads at current values and at each published period, and the page of each
    item at current values (an item at an earlier cut-off is answered by the application)."""
    base = f"/planes/{plan.slug}/"
    addresses = [(base + page, "") for page in PLAN_PAGES]
    addresses += [
        (f"{base}elementos/{code.hex}/", "")
        for code in plan.nodes.order_by("id").values_list("code", flat=True)
    ]
    keys = ReportingPeriod.objects.filter(
        plan=plan, state=ReportingPeriod.State.PUBLISHED
    ).values_list("key", flat=True)
    for key in keys:
        addresses += [(base + page, f"periodo={key}") for page in PLAN_PAGES]
    return addresses


def plan_directories(root: Path, slug: str) -> list[str]:
    """The plan's directories under every cut-off and language, relative to the root."""
    cuts = {files.CURRENT} | {p.name for p in root.glob(files.PERIOD_PREFIX + "*") if p.is_dir()}
    cuts |= {
        files.PERIOD_PREFIX + key
        for key in ReportingPeriod.objects.filter(
            plan__slug=slug, state=ReportingPeriod.State.PUBLISHED
        ).values_list("key", flat=True)
    }
    return [
        f"{cut}{prefix}/planes/{slug}" for cut in sorted(cuts) for prefix in language_prefixes()
    ]


def site_addresses(institutions: list[Organization] | None = None) -> list[tuple[str, str]]:
    """The home page, the open-data catalogue, and the pages of these institutions (by
    default, every institution with a public plan)."""
    if institutions is None:
        ids = set(public_plans().values_list("owner_id", flat=True))
        institutions = list(Organization.objects.filter(id__in=ids).order_by("slug"))
    return [("/", ""), (CATALOGUE, ""), ("/instituciones/", "")] + [
        (f"/instituciones/{organization.slug}/", "") for organization in institutions
    ]


def site_files(addresses: list[tuple[str, str]]) -> list[str]:
    prefixes = language_prefixes()
    return [
        relative
        for path, query in addresses
        for prefix in prefixes
        if (relative := files.relative_file(prefix + path, query)) is not None
    ]


@contextmanager
def _in_process() -> Iterator[WSGIHandler]:
    # As Django's test client does: the worker keeps its own connection across the pages.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with published.memo():
            yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def answer(
    application: Callable[..., Any], path: str, query: str = ""
) -> tuple[int, list[tuple[str, str]], bytes]:
    """What a WSGI application answers an anonymous GET of this address: (status, headers,
    body). The renderer asks the site's handler; `avance serve` asks it for the headers it puts
    on every answer."""
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host.strip("[]"),
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None
    ) -> None:
        started.append((status, headers))

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started[0]
    return int(status.split()[0]), headers, body


def render_into(
    target: Path,
    addresses: list[tuple[str, str]],
    progress: Callable[[int], None] | None = None,
) -> Rendered:
    """Render every address in every language under `target`."""
    rendered = Rendered()
    prefixes = language_prefixes()
    with _in_process() as handler:
        for path, query in addresses:
            for prefix in prefixes:
                relative = files.relative_file(prefix + path, query)
                if relative is None:
                    continue
                status, _headers, body = answer(handler, prefix + path, query)
                if status == 200:
                    write_file(target / relative, body)
                    rendered.files += 1
                else:
                    rendered.skipped.append(f"{prefix}{path}?{query} ({status})")
            if progress is not None:
                progress(1)
    return rendered


def directory() -> PublicDirectory:
    return PublicDirectory(settings.PUBLIC_DIR)


def plan_generation_name(plan: Plan) -> str:
    return f"plan-{plan.slug}"


def invalidate_plan(plan: Plan) -> tuple[int, int]:
    """Take the plan's files, and the site pages that list it, out of service now (the
    application answers those addresses until they are rendered again). Returns the plan's
    and the site's new generations."""
    public = directory()
    plan_generation = public.invalidate(
        plan_generation_name(plan), plan_directories(public.root, plan.slug)
    )
    site_generation = public.invalidate(SITE, site_files(site_addresses([plan.owner])))
    return plan_generation, site_generation


def _render_and_swap(
    name: str,
    generation: int,
    addresses: list[tuple[str, str]],
    served: list[str],
    progress: Callable[[int], None] | None = None,
) -> Rendered:
    """Render `addresses` into a staging directory and put it in service in place of `served`
    (relative paths), unless `name` moved past `generation` meanwhile."""
    public = directory()
    staging = public.staging()
    rendered = render_into(staging, addresses, progress)
    public.swap(name, generation, staging, served)
    return rendered


def render_plan(
    plan: Plan,
    generations: tuple[int, int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Rendered:
    """Render a plan's files (nothing for a plan that is not public) and the site pages that
    list it, then put them in service unless a newer publication superseded this render."""
    public = directory()
    name = plan_generation_name(plan)
    if generations is None:  # a rebuild: the files in service stay until the new ones are in
        generations = (public.advance(name), public.advance(SITE))
    plan_generation, site_generation = generations
    if public.generation(name) != plan_generation:
        return Rendered()  # a later publication has its own render queued
    addresses = plan_addresses(plan) if public_plans().filter(id=plan.id).exists() else []
    rendered = _render_and_swap(
        name, plan_generation, addresses, plan_directories(public.root, plan.slug), progress
    )
    # The catalogue lists every plan of the site (tens of thousands on a national one): after a
    # plan's publication it is answered live, and rendered again by the next whole-site render.
    site = [address for address in site_addresses([plan.owner]) if address[0] != CATALOGUE]
    rendered.add(_render_and_swap(SITE, site_generation, site, site_files(site)))
    return rendered


def invalidate_site() -> int:
    return directory().invalidate(SITE, site_files(site_addresses()))


def render_site_pages(site_generation: int | None = None) -> Rendered:
    """Render the home page, the catalogue and every institution's page."""
    if site_generation is None:
        site_generation = directory().advance(SITE)
    site = site_addresses()
    return _render_and_swap(SITE, site_generation, site, site_files(site))


def render_site(
    plans: list[Plan] | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
    site_pages: bool = True,
) -> Rendered:
    """Render every public plan (or these), then the home page, the catalogue and every
    institution's page. `jobs` > 1 renders plans in that many processes (a country's site is
    millions of files; each process takes whole plans)."""
    rendered = Rendered()
    chosen = plans if plans is not None else list(public_plans().select_related("owner"))
    if jobs > 1 and len(chosen) > 1:
        import concurrent.futures
        import multiprocessing

        from django.db import connections

        connections.close_all()  # each child opens its own
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            waiting = [pool.submit(_rebuild_plan, plan.id) for plan in chosen]
            for future in concurrent.futures.as_completed(waiting):
                done, addresses = future.result()
                rendered.add(done)
                if progress is not None:
                    progress(addresses)
    else:
        for plan in chosen:
            rendered.add(_rebuild_plan(plan.id, progress)[0])
    if site_pages:
        rendered.add(render_site_pages())
    return rendered


def _rebuild_plan(
    plan_id: int, progress: Callable[[int], None] | None = None
) -> tuple[Rendered, int]:
    """Render one plan's files in place of those in service: (what was rendered, addresses)."""
    plan = Plan.objects.get(id=plan_id)
    name = plan_generation_name(plan)
    public = directory()
    addresses = plan_addresses(plan)
    rendered = _render_and_swap(
        name,
        public.advance(name),
        addresses,
        plan_directories(public.root, plan.slug),
        progress,
    )
    return rendered, len(addresses)
