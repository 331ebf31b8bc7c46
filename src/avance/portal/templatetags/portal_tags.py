"""The language switch: a link to the same page in each other language."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, str]]:
    """[{code, name, url}] for every language but the page's own. Plain links, not a form: a
    form would need a CSRF cookie, and the address alone decides a page's language."""
    request: HttpRequest | None = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        links.append(
            {
                "code": code,
                # «Español», not Django’s «Español de Mexico» (sic) for es-mx
                "name": get_language_info(code.split("-")[0])["name_local"],
                "url": translate_url(here, code),
            }
        )
    return links
