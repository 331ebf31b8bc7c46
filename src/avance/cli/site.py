"""`avance publish-site`: render the published pages into files (docs/serving.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from avance.cli import _, app, fail, setup


@app.command("publish-site")
def publish_site(
    plan: Annotated[
        str | None, typer.Option(help="only this plan (its slug) and the pages that list it")
    ] = None,
    jobs: Annotated[
        int, typer.Option(min=1, help="processes rendering plans at once (one per core)")
    ] = 1,
) -> None:
    """Render every published page, download and cut-off into AVANCE_PUBLIC_DIR, in each
    language, through the same views as the live site. Safe while the site is serving."""
    setup()
    from django.conf import settings

    from avance.portal.access import public_plans
    from avance.portal.site import render

    plans = list(public_plans().select_related("owner").order_by("slug"))
    if plan is not None:
        plans = [p for p in plans if p.slug == plan]
        if not plans:
            fail(_("no published plan has the slug %(slug)s") % {"slug": plan})
    total = sum(len(render.plan_addresses(p)) for p in plans)
    with typer.progressbar(length=total, label=_("Rendering"), file=None) as bar:
        if plan is not None:
            done = render.render_plan(plans[0], progress=bar.update)
        else:
            done = render.render_site(plans, progress=bar.update, jobs=jobs)
    typer.echo(
        _("%(files)s files for %(plans)s plans in %(folder)s")
        % {"files": done.files, "plans": len(plans), "folder": settings.PUBLIC_DIR}
    )
