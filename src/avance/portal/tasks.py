"""Background rendering of published pages (django.tasks; run by `avance worker`)."""

from __future__ import annotations

from django.tasks import task

from avance.plans.models import Plan
from avance.portal.site import render


@task
def render_published_plan(plan_id: int, plan_generation: int, site_generation: int) -> int:
    """Render a plan's public files after a publication; returns how many were written (none
    when a later publication superseded this one: its own task renders them)."""
    plan = Plan.objects.select_related("owner").filter(id=plan_id).first()
    if plan is None:
        return 0
    return render.render_plan(plan, (plan_generation, site_generation)).files


@task
def render_site_pages(site_generation: int) -> int:
    """Render the home page, the catalogue and the institutions' pages."""
    return render.render_site_pages(site_generation).files


@task
def render_whole_site() -> int:
    """What `avance publish-site` does, in the background (the demo asks for it once loaded)."""
    return render.render_site().files
