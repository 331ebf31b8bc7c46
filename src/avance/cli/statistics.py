"""`avance stats`: a network's published statistics as tidy data, a form's upload template, and
a form's definition loaded from JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from avance.cli import ACTOR, _, app, fail, setup

stats = typer.Typer(help="A network's statistics: tidy export, upload template, form definition.")
app.add_typer(stats, name="stats")


def _network(slug: str) -> Any:
    from avance.organizations.models import Organization

    network = Organization.objects.filter(slug=slug, kind=Organization.Kind.NETWORK).first()
    if network is None:
        fail(_("No network with slug %(slug)s ('avance networks' lists them).") % {"slug": slug})
    return network


@stats.command("export")
def export(
    network_slug: Annotated[str, typer.Argument(help="the network's slug", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or json")] = "csv",
    output: Annotated[
        Path, typer.Option("-o", "--output", help="file to write", show_default=False)
    ] = Path("-"),
    period: Annotated[
        str | None, typer.Option("--period", help="only this period's key", show_default=False)
    ] = None,
) -> None:
    """Write the network's published statistics as tidy data: network, member, period,
    variable, disaggregation, value, status. A member that did not report has an empty value
    and status «sin reporte»."""
    setup()
    from avance.networks import formats

    if fmt not in formats.TIDY:
        fail(_("Unknown format %(fmt)s; use csv, xlsx or json.") % {"fmt": fmt})
    network = _network(network_slug)
    body = formats.tidy(network, fmt, period_key=period)
    _write(body, output)


@stats.command("template")
def template(
    network_slug: Annotated[str, typer.Argument(help="the network's slug", show_default=False)],
    form: Annotated[str, typer.Argument(help="the form's code", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="xlsx or csv")] = "xlsx",
    output: Annotated[
        Path, typer.Option("-o", "--output", help="file to write", show_default=False)
    ] = Path("-"),
) -> None:
    """Write a form's upload template: one row per field (campo), with the value to fill in."""
    setup()
    from avance.networks import formats
    from avance.networks.models import StatsForm

    network = _network(network_slug)
    chosen = StatsForm.objects.filter(network=network, slug=form).first()
    if chosen is None:
        fail(_("The network has no form %(form)s.") % {"form": form})
    if fmt not in ("xlsx", "csv"):
        fail(_("Unknown format %(fmt)s; use xlsx or csv.") % {"fmt": fmt})
    _write(formats.template(chosen, fmt), output)


@stats.command("define")
def define(
    network_slug: Annotated[str, typer.Argument(help="the network's slug", show_default=False)],
    form: Annotated[str, typer.Argument(help="the form's code", show_default=False)],
    definition: Annotated[
        Path,
        typer.Argument(
            help="the definition: an XLSX workbook (sheets variables, desagregaciones, reglas) "
            "or JSON",
            show_default=False,
        ),
    ],
    name: Annotated[str, typer.Option("--name", help="the form's name (a new form)")] = "",
) -> None:
    """Create a statistics form, or change it: a published version is never changed, the
    change makes the next version."""
    setup()
    from avance.core.errors import ActionError
    from avance.networks import actions
    from avance.networks.models import StatsForm

    network = _network(network_slug)
    try:
        data = _definition(definition)
    except (OSError, ValueError) as exc:  # DocumentError and ActionError are ValueErrors
        fail(f"{definition}: {exc}")
    existing = StatsForm.objects.filter(network=network, slug=form).first()
    try:
        if existing is None:
            created = actions.do_create_form(ACTOR, network, form, name or form, data)
            typer.echo(_("Form %(form)s created, version 1.") % {"form": created.slug})
        else:
            version = actions.do_revise_form(ACTOR, existing, data)
            typer.echo(
                _("Form %(form)s: version %(number)s.")
                % {"form": existing.slug, "number": version.number}
            )
    except ActionError as exc:
        fail(f"{definition}: {exc}")


def _definition(path: Path) -> dict[str, Any]:
    if path.suffix.lower() != ".xlsx":
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    from avance.networks.formats import read_definition

    return read_definition(path, path.name)


def _write(body: bytes, output: Path) -> None:
    if str(output) == "-":
        if body.startswith(b"PK"):  # a ZIP package: not for a terminal
            fail(_("An XLSX file needs -o FILE."))
        typer.echo(body.decode("utf-8"), nl=False)
        return
    output.write_bytes(body)
    typer.echo(_("Wrote %(path)s.") % {"path": output}, err=True)
