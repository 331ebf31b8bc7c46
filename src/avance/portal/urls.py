from django.urls import path

from avance.portal import data, networks, views

urlpatterns = [
    path("", views.home, name="home"),
    path("buscar/", views.search, name="search"),
    path("datos/", data.data_catalogue, name="data-catalogue"),
    path("datos/catalogo.jsonld", data.data_catalogue_jsonld, name="data-dcat"),
    path("datos/<slug:name>/datapackage.json", data.data_package, name="data-package"),
    path("instituciones/", views.institutions, name="institutions"),
    path("instituciones/<slug:slug>/", views.institution, name="institution"),
    path("instituciones/<slug:slug>/logo", views.institution_logo, name="institution-logo"),
    path("instituciones/<slug:slug>/estadisticas/", networks.statistics, name="network-statistics"),
    path(
        "instituciones/<slug:slug>/estadisticas/datos.<str:fmt>",
        networks.data,
        name="network-data",
    ),
    path(
        "instituciones/<slug:slug>/estadisticas/<slug:form_slug>/miembros/<slug:member_slug>/",
        networks.member,
        name="network-member",
    ),
    path(
        "instituciones/<slug:slug>/estadisticas/<slug:form_slug>/<str:code>/",
        networks.variable,
        name="network-variable",
    ),
    path("instituciones/<slug:slug>/agenda/", networks.agenda, name="network-agenda"),
    path("planes/<slug:slug>/", views.plan_dashboard, name="plan"),
    path("planes/<slug:slug>/tabla/", views.plan_table, name="plan-table"),
    path("planes/<slug:slug>/indicadores/", views.plan_indicators, name="plan-indicators"),
    path("planes/<slug:slug>/elementos/<str:code>/", views.node_page, name="node"),
    path("planes/<slug:slug>/descargas/plan.<str:fmt>", views.download, name="plan-download"),
    path("planes/<slug:slug>/descargas/<str:name>", data.plan_standard, name="plan-standard"),
]
