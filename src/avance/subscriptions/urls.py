from django.urls import path

from avance.subscriptions import views

urlpatterns = [
    path("planes/<slug:slug>/seguir/", views.subscribe, name="subscribe"),
    path("suscripciones/<str:token>/confirmar/", views.confirm, name="subscription-confirm"),
    path("suscripciones/<str:token>/baja/", views.end, name="subscription-end"),
]
