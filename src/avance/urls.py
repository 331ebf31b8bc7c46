from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from avance.api.api import api
from avance.reports import views as report_views

admin.site.site_header = _("Avance administration")
admin.site.site_title = _("Avance")
admin.site.index_title = _("Plans, progress and institutions")


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


handler500 = "avance.portal.views.server_error"

# The language is part of the address: Spanish at /…, English at /en/…. A page is then the same
# for everyone who asks for its address (no language cookie, no CSRF cookie on public pages), so
# it can be rendered once into a file and cached by browsers and proxies (docs/serving.md).
urlpatterns = [
    path("health", health, name="health"),
    path("api/v1/", api.urls),  # programs say their language in Accept-Language
    *i18n_patterns(
        path("", include("avance.portal.urls")),
        path("", include("avance.workspace.urls")),
        path("", include("avance.subscriptions.urls")),
        path("admin/", admin.site.urls),
        path(
            "planes/<slug:slug>/<str:kind>.<str:fmt>",
            report_views.download,
            name="report-download",
        ),
        prefix_default_language=False,
    ),
]
