"""The operator's view of networks: members, coordination terms and network roles are edited
here (audited); forms, figures, agenda decisions and agreements are read here and changed only
through their workflows in the workspace, where the rules and the lifecycle apply."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from avance.audit.admin_mixins import AuditedAdmin
from avance.networks.models import (
    Agreement,
    Coordination,
    Member,
    NetworkRole,
    Session,
    StatsForm,
    StatsPeriod,
    Submission,
)


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ["organization", "network", "joined", "left", "population"]
    list_filter = ["network"]
    autocomplete_fields = ["network", "organization"]


@admin.register(Coordination)
class CoordinationAdmin(AuditedAdmin):
    list_display = ["network", "coordinator", "start", "end"]
    autocomplete_fields = ["network", "coordinator"]


@admin.register(NetworkRole)
class NetworkRoleAdmin(AuditedAdmin):
    list_display = ["user", "network", "role", "member"]
    list_filter = ["role", "network"]
    autocomplete_fields = ["network"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatsForm)
class StatsFormAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "network"]


@admin.register(StatsPeriod)
class StatsPeriodAdmin(ReadOnlyAdmin):
    list_display = ["label", "form", "key", "due", "state"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["period", "member", "state", "submitted_at", "approved_at"]
    list_filter = ["state", "period__form"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "network", "kind", "date"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["ref", "session", "due", "status"]
    list_filter = ["status"]
