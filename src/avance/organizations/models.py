from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """An institution, or a unit inside one (a municipality and its directorates)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MUNICIPALITY = "municipality", _("Municipality")
        AUTONOMOUS = "autonomous", _("Autonomous body")
        TRANSPARENCY = "transparency", _("Transparency body")
        HUMAN_RIGHTS = "human_rights", _("Human rights body")
        LEGISLATURE = "legislature", _("Legislature")
        JUDICIARY = "judiciary", _("Judiciary")
        NETWORK = "network", _("Network or coordination body")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organization")
        ACADEMIA = "academia", _("Academia")
        UNIT = "unit", _("Administrative unit")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    website = models.URLField(_("website"), blank=True)
    # The public profile: what a citizen sees on the institution's page and the reports' covers.
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # PNG or JPEG, checked by content (core.files); served by the portal's logo view.
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True, max_length=200)
    # The institution's colour, used for bands and bars only (never for text, so it cannot
    # break contrast).
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #RRGGBB."))],
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organization_unique_name_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
