from django.contrib import admin

from avance.audit.admin_mixins import AuditedAdmin
from avance.organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "acronym", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["parent"]
