"""Commands on plans and their documents: load, import, publish, export, report, check."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from avance.cli import ACTOR, _, _cutoff, _plan, app, cli_language, fail, ngettext, setup


@app.command()
def load(
    files: Annotated[
        list[Path], typer.Argument(help="avance.plan/1 JSON files", show_default=False)
    ],
    publish: Annotated[
        bool, typer.Option("--publish", help="publish each plan at once (default: a draft)")
    ] = False,
) -> None:
    """Load plans from avance.plan/1 JSON files: one line per plan, ending with its slug.

    Every file is validated before anything is written; one invalid file loads none. Plans load
    as drafts, shown on no public page until published ('avance publish SLUG' or --publish).
    """
    setup()
    from avance.core.interchange import InvalidDocument, read
    from avance.plans.actions import check_document, do_load_plan, do_publish_plan

    documents = []
    problems = []
    for path in files:
        try:
            document = read(path)
            check_document(document, str(path))
            documents.append((path, document))
        except InvalidDocument as exc:
            problems.append(str(exc))
    if problems:
        fail(_("nothing was loaded:") + "\n" + "\n".join(problems))
    for path, document in documents:
        plan = do_load_plan(ACTOR, document, source=str(path))
        if publish:
            plan = do_publish_plan(ACTOR, plan)
        typer.echo(
            _("Loaded %(file)s: «%(title)s», %(count)s items, as %(slug)s")
            % {
                "file": path.name,
                "title": plan.title,
                "count": plan.nodes.count(),
                "slug": plan.slug,
            }
        )


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="plan documents: .txt .md .html .docx .pdf .csv .xlsx", show_default=False
        ),
    ],
    out: Annotated[
        Path | None, typer.Option(help="write DIR/<file stem>.json for each file")
    ] = None,
    load_: Annotated[
        bool, typer.Option("--load", help="load each imported plan into the database")
    ] = False,
    mapping: Annotated[
        Path | None, typer.Option(help="JSON column mapping for CSV/XLSX in another layout")
    ] = None,
) -> None:
    """Turn plan documents into avance.plan/1 plans, printing what needs a person's attention.

    Each file is imported on its own: a refused file is reported and the others still import.
    Loaded plans are drafts. The last line counts both; the exit code is 1 when any was refused.
    """
    if out is None and not load_:
        fail(_("say where the plans go: --out DIR, --load, or both"))
    from avance.core.documents import DocumentError
    from avance.core.documents.importer import describe, import_file
    from avance.core.tabular import load_mapping

    try:
        columns = load_mapping(mapping) if mapping else None
    except DocumentError as exc:
        fail(str(exc))
    if load_:
        setup()
        from avance.plans.actions import do_load_plan
    imported, refused = 0, 0
    for path in files:
        try:
            document, warnings = import_file(path, columns)
        except DocumentError as exc:
            refused += 1
            typer.echo(_("refused: %(problem)s") % {"problem": exc}, err=True)
            continue
        except OSError as exc:
            refused += 1
            typer.echo(
                _("refused: %(problem)s") % {"problem": f"{path}: {exc.strerror or exc}"},
                err=True,
            )
            continue
        line = _("Imported %(file)s: «%(title)s», %(count)s items (%(found)s)") % {
            "file": path.name,
            "title": document["title"],
            "count": _count(document["nodes"]),
            "found": describe(document),
        }
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{path.stem}.json"
            target.write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            line += _(", written to %(file)s") % {"file": target}
        if load_:
            plan = do_load_plan(ACTOR, document, source=str(path))
            line += _(", loaded as %(slug)s (draft)") % {"slug": plan.slug}
        imported += 1
        typer.echo(line)
        for warning in warnings:
            typer.echo("  " + _("warning: %(warning)s") % {"warning": _notice(warning)})
    typer.echo(
        ngettext("%(count)s imported", "%(count)s imported", imported) % {"count": imported}
        + ", "
        + ngettext("%(count)s refused", "%(count)s refused", refused) % {"count": refused}
    )
    if refused:
        raise typer.Exit(1)


@app.command("load-indicators")
def load_indicators(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    workbook: Annotated[
        Path,
        typer.Argument(help="an indicators workbook (.xlsx or .csv), as 'avance report' writes it"),
    ],
) -> None:
    """Load indicators, their goals and published results from an indicators workbook.

    Items are found by reference, then by title; missing periods are opened. All or nothing.
    """
    setup()
    from avance.core.documents import DocumentError
    from avance.core.errors import ActionError
    from avance.core.indicators.workbook import from_rows
    from avance.formatting import error_text
    from avance.indicators.actions import do_load_indicators

    plan = _plan(slug)
    try:
        records = from_rows(_workbook_rows(workbook), workbook.name)
        made = do_load_indicators(ACTOR, plan, records, source=workbook.name)
    except (DocumentError, OSError) as exc:
        fail(str(exc))
    except ActionError as exc:
        fail(error_text(exc))
    typer.echo(
        _("Loaded %(count)s indicators into %(slug)s") % {"count": len(made), "slug": plan.slug}
    )


def _workbook_rows(path: Path) -> list[list[str]]:
    """The workbook's rows (an XLSX's first sheet, or a CSV), read as every import reads
    tables (core.tabular, within the importer's limits). Any other file must be an XLSX."""
    from avance.core.documents import DocumentError, limits
    from avance.core.tabular import read_rows

    if path.suffix.lower() not in (".csv", ".xlsx"):
        limits.check_package(path.read_bytes(), str(path))  # refuses what is no ZIP package
        raise DocumentError(f"{path}: name the workbook .xlsx or .csv")
    rows, _source = read_rows(path)
    return rows


def _notice(warning: str) -> str:
    """An importer warning in the command's language (Django's catalogue, when it is set up)."""
    if cli_language() == "en":
        return str(warning)
    setup(need_schema=False)
    from avance.formatting import notice_text

    return notice_text(warning)


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(node.get("children") or []) for node in nodes)


def _change_plan(slug: str, transition: str) -> None:
    setup()
    from avance.core.errors import ActionError
    from avance.plans import actions

    change, done = {
        "publish": (actions.do_publish_plan, _("Published %(slug)s")),
        "archive": (actions.do_archive_plan, _("Archived %(slug)s")),
    }[transition]
    try:
        plan = change(ACTOR, _plan(slug))
    except ActionError as exc:
        from avance.formatting import error_text

        fail(error_text(exc))
    typer.echo(done % {"slug": plan.slug})


@app.command()
def publish(slug: Annotated[str, typer.Argument(help="the plan's slug")]) -> None:
    """Publish a draft plan: its pages, downloads and reports appear on the public portal."""
    _change_plan(slug, "publish")


@app.command()
def archive(slug: Annotated[str, typer.Argument(help="the plan's slug")]) -> None:
    """Archive a plan: kept read-only (no check-ins or edits), still public if it was."""
    _change_plan(slug, "archive")


@app.command()
def export(
    slug: Annotated[str, typer.Argument(help="the plan's slug (see 'avance plans')")],
    format: Annotated[str, typer.Option("--format", "-f", help="json")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file; default stdout")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="a published reporting period's key, or 'latest' (the latest published one); "
            "default the current values"
        ),
    ] = None,
) -> None:
    """Write a plan as an avance.plan/1 document."""
    if format != "json":
        fail(_("unknown format '%(format)s'; this command writes: json") % {"format": format})
    setup()
    from avance.plans.export import export_plan

    plan = _plan(slug)
    chosen = _cutoff(plan, period)
    text = json.dumps(export_plan(plan, chosen), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(
                _("cannot write %(file)s: %(problem)s")
                % {"file": output, "problem": exc.strerror or exc}
            )
        typer.echo(_("Wrote %(file)s") % {"file": output})


@app.command()
def report(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    format: Annotated[str, typer.Option("--format", "-f", help="pdf, html, xlsx or csv")] = "pdf",
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")] = Path(
        "informe.pdf"
    ),
    period: Annotated[
        str | None,
        typer.Option(
            help="a published reporting period's key, or 'latest' (the latest published one); "
            "default the current values"
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="progress (progress report) or poa (the POA document)")
    ] = "progress",
    lang: Annotated[str, typer.Option(help="es-mx or en")] = "es-mx",
) -> None:
    """Write a plan's progress report or POA document (published data only)."""
    setup()
    from avance.reports.formats import FORMATS, KINDS, render

    if format not in FORMATS:
        fail(
            _("unknown format '%(format)s'; use one of %(known)s")
            % {"format": format, "known": ", ".join(FORMATS)}
        )
    if kind not in KINDS:
        fail(
            _("unknown report kind '%(kind)s'; use one of %(known)s")
            % {"kind": kind, "known": ", ".join(KINDS)}
        )
    if lang not in {"es-mx", "en"}:
        fail(_("unknown language '%(lang)s'; use es-mx or en") % {"lang": lang})
    plan = _plan(slug)
    chosen = _cutoff(plan, period)
    content = render(plan, format, period=chosen, kind=kind, language=lang)
    try:
        output.write_bytes(content)
    except OSError as exc:
        fail(
            _("cannot write %(file)s: %(problem)s")
            % {"file": output, "problem": exc.strerror or exc}
        )
    typer.echo(_("Wrote %(file)s (%(size)s bytes)") % {"file": output, "size": f"{len(content):,}"})


@app.command()
def check(
    slug: Annotated[str, typer.Argument(help="the plan's slug")],
    strict: Annotated[
        bool, typer.Option(help="exit with status 1 when differences are found")
    ] = False,
) -> None:
    """List declared figures that differ from the computed ones by more than 0.5 points."""
    setup()
    from avance.progress.checks import check_plan, describe_method

    plan = _plan(slug)
    results = check_plan(plan)
    found = 0
    if not results:
        typer.echo(_("%(slug)s: the plan declares no figures to check.") % {"slug": plan.slug})
    for result in results:
        scope = result.period.label if result.period else _("current values")
        typer.echo(f"{plan.title} · {scope}")
        typer.echo("  " + _("method: %(method)s") % {"method": describe_method(result.rollup)})
        for diff in result.differences:
            computed = (
                _("nothing to compute")
                if diff.computed is None
                else _("computed %(value)s") % {"value": f"{diff.computed:.2f}"}
            )
            typer.echo(
                "  "
                + _("%(item)s: declared %(declared)s, %(computed)s (%(method)s)")
                % {
                    "item": diff.label,
                    "declared": f"{diff.declared:g}",
                    "computed": computed,
                    "method": result.rollup.method,
                }
            )
        for count in result.counts:
            typer.echo(
                "  "
                + _("number of «%(level)s»: declared %(declared)s, found %(found)s")
                % {"level": count.level, "declared": count.declared, "found": count.found}
            )
        differences = len(result.differences) + len(result.counts)
        found += differences
        typer.echo(
            "  "
            + ngettext(
                "%(count)s difference in %(checked)s declared figures",
                "%(count)s differences in %(checked)s declared figures",
                differences,
            )
            % {"count": differences, "checked": result.checked}
        )
    if strict and found:
        raise typer.Exit(1)


@app.command("plans")
def list_plans() -> None:
    """List loaded plans: slug, kind, computed global progress, state and owner."""
    setup()
    from avance.plans.models import Plan
    from avance.progress.models import Rollup

    current = dict(Rollup.objects.filter(period__isnull=True).values_list("plan_id", "percent"))
    plans = list(Plan.objects.select_related("owner").order_by("owner__name", "slug"))
    if not plans:
        typer.echo(_("No plans loaded. Try 'avance demo' or 'avance load FILE.json'."))
        return
    width = max(len(p.slug) for p in plans)
    typer.echo(f"{'slug':<{width}}  {'kind':<26}  {'progress':>8}  {'state':<9}  owner")
    for plan in plans:
        percent = current.get(plan.id)
        shown = f"{percent:.1f}%" if percent is not None else "—"
        typer.echo(
            f"{plan.slug:<{width}}  {plan.kind:<26}  {shown:>8}  {plan.state:<9}  {plan.owner}"
        )
