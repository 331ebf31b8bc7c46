"""`avance api-token`: personal API tokens for a user's systems (create prints it once; list;
revoke)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avance.cli import ACTOR, _, app, fail, setup

tokens = typer.Typer(help="Personal API tokens: create (printed once), list, revoke.")
app.add_typer(tokens, name="api-token")


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(_("No user %(username)s.") % {"username": username})
    return user


@tokens.command("create")
def create(
    username: Annotated[
        str, typer.Argument(help="whose roles the token acts with", show_default=False)
    ],
    name: Annotated[str, typer.Option("--name", help="what it is for («budget system»)")],
) -> None:
    """Create a token and print it once: only its digest is stored."""
    setup()
    from avance.api.actions import do_create_api_token
    from avance.core.errors import ActionError

    try:
        _stored, token = do_create_api_token(ACTOR, _user(username), name)
    except ActionError as exc:
        fail(str(exc))
    typer.echo(token)


@tokens.command("list")
def list_tokens(
    username: Annotated[str, typer.Argument(help="whose tokens", show_default=False)],
) -> None:
    """The user's tokens: name, first characters, created, last used, revoked."""
    setup()
    from avance.api.models import ApiToken

    for token in ApiToken.objects.filter(user=_user(username)):
        typer.echo(
            f"{token.prefix}…  {token.name}  {token.created_at:%Y-%m-%d}  "
            + (
                _("last used %(day)s") % {"day": token.last_used_on}
                if token.last_used_on
                else _("never used")
            )
            + (("  " + _("revoked")) if token.revoked_at else "")
        )


@tokens.command("revoke")
def revoke(
    username: Annotated[str, typer.Argument(show_default=False)],
    prefix: Annotated[str, typer.Argument(help="the token's first characters", show_default=False)],
) -> None:
    """Revoke a token: it answers 401 from then on."""
    setup()
    from avance.api.actions import do_revoke_api_token
    from avance.api.models import ApiToken

    found = list(
        ApiToken.objects.filter(
            user=_user(username), prefix__startswith=prefix[:10], revoked_at__isnull=True
        )
    )
    if len(found) != 1:
        fail(
            _("No single active token of %(username)s starts with %(prefix)s.")
            % {"username": username, "prefix": prefix}
        )
    do_revoke_api_token(ACTOR, found[0])
    typer.echo(_("Revoked."))
