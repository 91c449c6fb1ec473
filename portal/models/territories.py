from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A group of territories, with a regional (strategic) table and its coordinators."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Territory(models.Model):
    """The area a network covers: a set of communes, with its pilots."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="territories",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A commune (French INSEE code) or municipality of a territory."""

    insee_code = models.CharField(
        _("INSEE code"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("An INSEE code has five characters."))
        ],
    )
    name = models.CharField(_("name"), max_length=150)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class TerritoryPilot(models.Model):
    """The pilot role of a territory, held by a person."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="pilot_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="pilot_roles",
    )

    class Meta:
        verbose_name = _("territory pilot")
        verbose_name_plural = _("territory pilots")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "user"], name="one_pilot_role_per_territory"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.territory}"


class RegionalCoordinator(models.Model):
    """The regional coordinator role: reads every territory of the region, edits none."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="coordinators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="coordinator_roles",
    )

    class Meta:
        verbose_name = _("regional coordinator")
        verbose_name_plural = _("regional coordinators")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "user"], name="one_coordinator_role_per_region"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.region}"
