from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path


def home(request: HttpRequest) -> HttpResponse:
    # Public pages arrive with the transparency portal; until then the admin is the way in.
    return HttpResponseRedirect("/admin/")


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home, name="home"),
    path("health", health, name="health"),
    path("admin/", admin.site.urls),
]
