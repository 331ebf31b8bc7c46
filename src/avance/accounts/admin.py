from django.contrib import admin

from avance.accounts.models import Assignment, Membership
from avance.audit.admin_mixins import AuditedAdmin


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    autocomplete_fields = ["organization"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["user", "node"]
    autocomplete_fields = ["node"]
