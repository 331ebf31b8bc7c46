from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from avance.audit.models import AuditEntry
from avance.plans.actions import do_load_plan
from avance.plans.models import Node

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = User.objects.create_superuser("admin", "admin@example.org", "una-clave-larga-123")
    client.force_login(user)
    return client


def test_every_model_has_an_admin_page_in_spanish(staff_client, document):
    do_load_plan("test", document)
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert staff_client.get(url).status_code == 200, opts.label
    assert "Elementos del plan" in staff_client.get(reverse("admin:index")).text


def test_the_admin_is_closed_to_anonymous_users(client):
    response = client.get(reverse("admin:plans_plan_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editing_a_node_in_the_admin_is_audited_and_recomputes(staff_client, document):
    plan = do_load_plan("test", document)
    node = Node.objects.get(plan=plan, title="Compromiso dos")
    url = reverse("admin:plans_node_change", args=[node.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"weight": "3", "title": "Compromiso dos (editado)"})
    for prefix in ("responsibles", "children"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.actor_label == "admin"
    assert entry.after["title"] == "Compromiso dos (editado)"
    assert AuditEntry.objects.filter(action="rollup.recompute", actor_label="admin").exists()


def test_the_interface_is_spanish_whatever_the_browser_asks(client):
    page = client.get(reverse("admin:login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Administración de Avance" in page.text and 'lang="es-mx"' in page.text


def test_english_is_there_when_chosen(client):
    page = client.get("/en" + reverse("admin:login"))
    assert "Avance administration" in page.text and 'lang="en"' in page.text
