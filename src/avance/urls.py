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

urlpatterns = [
    path("", include("avance.portal.urls")),
    path("", include("avance.workspace.urls")),
    path("", include("avance.subscriptions.urls")),
    path("health", health, name="health"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch
    path("planes/<slug:slug>/<str:kind>.<str:fmt>", report_views.download, name="report-download"),
]
