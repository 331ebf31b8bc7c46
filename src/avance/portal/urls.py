from django.urls import path

from avance.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("buscar/", views.search, name="search"),
    path("instituciones/<slug:slug>/", views.institution, name="institution"),
    path("instituciones/<slug:slug>/logo", views.institution_logo, name="institution-logo"),
    path("planes/<slug:slug>/", views.plan_dashboard, name="plan"),
    path("planes/<slug:slug>/tabla/", views.plan_table, name="plan-table"),
    path("planes/<slug:slug>/indicadores/", views.plan_indicators, name="plan-indicators"),
    path("planes/<slug:slug>/elementos/<str:code>/", views.node_page, name="node"),
    path("planes/<slug:slug>/descargas/plan.<str:fmt>", views.download, name="plan-download"),
]
