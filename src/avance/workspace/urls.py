from django.contrib.auth.views import LogoutView
from django.urls import path

from avance.accounts.views import LoginView
from avance.workspace import editing, indicators, institutions, networks, tokens, views

urlpatterns = [
    path("entrar/", LoginView.as_view(), name="login"),
    path("salir/", LogoutView.as_view(), name="logout"),
    path("trabajo/", views.my_work, name="workspace"),
    path("trabajo/api/", tokens.api_tokens, name="workspace-api-tokens"),
    path(
        "trabajo/api/<uuid:code>/revocar/",
        tokens.api_token_revoke,
        name="workspace-api-token-revoke",
    ),
    path(
        "trabajo/instituciones/<slug:slug>/",
        institutions.profile,
        name="workspace-institution",
    ),
    path("trabajo/planes/nuevo/", editing.new_plan, name="workspace-new-plan"),
    path(
        "trabajo/planes/nuevo/vista-previa/",
        editing.import_preview,
        name="workspace-import-preview",
    ),
    path("trabajo/planes/<slug:slug>/ajustes/", editing.plan_settings, name="workspace-settings"),
    path(
        "trabajo/planes/<slug:slug>/ciclo/<str:transition>/",
        editing.plan_state,
        name="workspace-plan-state",
    ),
    path("trabajo/planes/<slug:slug>/eliminar/", editing.plan_delete, name="workspace-plan-delete"),
    path("trabajo/planes/<slug:slug>/estructura/", editing.structure, name="workspace-structure"),
    path(
        "trabajo/planes/<slug:slug>/estructura/nuevo/", editing.node_add, name="workspace-node-add"
    ),
    path(
        "trabajo/planes/<slug:slug>/estructura/<str:code>/",
        editing.node_edit,
        name="workspace-node-edit",
    ),
    path(
        "trabajo/planes/<slug:slug>/estructura/<str:code>/borrar/",
        editing.node_delete,
        name="workspace-node-delete",
    ),
    path(
        "trabajo/planes/<slug:slug>/elementos/<str:code>/reportar/",
        views.check_in,
        name="workspace-check-in",
    ),
    path("trabajo/planes/<slug:slug>/periodos/", views.periods, name="workspace-periods"),
    path(
        "trabajo/planes/<slug:slug>/periodos/<slug:key>/<str:state>/",
        views.period_state,
        name="workspace-period-state",
    ),
    path("trabajo/planes/<slug:slug>/bitacora/", views.audit, name="workspace-audit"),
    path("trabajo/reportes/<str:code>/", views.update_detail, name="workspace-update"),
    path("trabajo/reportes/<str:code>/corregir/", views.correct, name="workspace-correct"),
    path("trabajo/reportes/<str:code>/<str:decision>/", views.review, name="workspace-review"),
    path("evidencias/<str:code>/", views.evidence_file, name="evidence-file"),
    path(
        "trabajo/planes/<slug:slug>/indicadores/",
        indicators.plan_indicators,
        name="workspace-indicators",
    ),
    path(
        "trabajo/planes/<slug:slug>/indicadores/nuevo/",
        indicators.indicator_new,
        name="workspace-indicator-new",
    ),
    path(
        "trabajo/indicadores/<str:code>/", indicators.indicator_detail, name="workspace-indicator"
    ),
    path("trabajo/indicadores/<str:code>/medir/", indicators.measure, name="workspace-measure"),
    path(
        "trabajo/indicadores/<str:code>/editar/",
        indicators.indicator_edit,
        name="workspace-indicator-edit",
    ),
    path(
        "trabajo/indicadores/<str:code>/metas/<slug:key>/",
        indicators.goal_set,
        name="workspace-goal-set",
    ),
    path(
        "trabajo/indicadores/<str:code>/metas/<slug:key>/cambio/",
        indicators.goal_change_request,
        name="workspace-goal-change",
    ),
    path(
        "trabajo/mediciones/<str:code>/<str:decision>/",
        indicators.measurement_decision,
        name="workspace-measurement-decision",
    ),
    path(
        "trabajo/cambios-de-meta/<str:code>/<str:decision>/",
        indicators.goal_change_decision,
        name="workspace-goal-change-decision",
    ),
    path("trabajo/redes/<slug:slug>/", networks.network_home, name="workspace-network"),
    path(
        "trabajo/redes/<slug:slug>/periodos/abrir/",
        networks.open_period,
        name="workspace-stats-open",
    ),
    path(
        "trabajo/redes/<slug:slug>/sesiones/nueva/", networks.session_new, name="workspace-session"
    ),
    path(
        "trabajo/redes/<slug:slug>/formularios/", networks.stats_forms, name="workspace-stats-forms"
    ),
    path(
        "trabajo/redes/<slug:slug>/formularios/<slug:form_slug>/definicion.xlsx",
        networks.definition_download,
        name="workspace-stats-definition",
    ),
    path(
        "trabajo/redes/<slug:slug>/estadisticas/<slug:form_slug>/plantilla.xlsx",
        networks.template_download,
        name="workspace-stats-template",
    ),
    path(
        "trabajo/redes/<slug:slug>/estadisticas/<slug:form_slug>/<slug:key>/<slug:member_slug>/",
        networks.fill,
        name="workspace-stats-fill",
    ),
    path(
        "trabajo/redes/<slug:slug>/agenda/<slug:member_slug>/",
        networks.agenda,
        name="workspace-agenda",
    ),
    path("trabajo/cifras/<str:code>/", networks.submission_detail, name="workspace-submission"),
    path(
        "trabajo/cifras/<str:code>/<str:decision>/",
        networks.submission_decision,
        name="workspace-submission-decision",
    ),
    path(
        "trabajo/acuerdos/<str:code>/seguimiento/",
        networks.agreement_follow_up,
        name="workspace-agreement",
    ),
]
