from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A legal body of the network that runs services (hospital, CLIC, CCAS, association…)."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        CLIC = "clic", _("CLIC / CLSC")
        CCAS = "ccas", _("CCAS")
        SSIAD = "ssiad", _("Home nursing service (SSIAD)")
        HAD = "had", _("Hospital at home (HAD)")
        HOME_HELP = "home_help", _("Home help service (SAAD)")
        ADDICTION = "addiction", _("Addiction care centre (CSAPA)")
        REHAB = "rehab", _("Rehabilitation centre")
        NURSING_HOME = "nursing_home", _("Nursing home (EHPAD)")
        PHARMACY = "pharmacy", _("Community pharmacy")
        COMMUNITY = "community", _("Community group")
        GP_PRACTICE = "gp_practice", _("Multi-professional health centre")
        DAC = "dac", _("Coordination support (DAC)")
        ARS = "ars", _("Regional health agency (ARS)")
        DEPARTMENT = "department", _("Département")
        COMMUNE = "commune", _("Commune")
        FUNDER = "funder", _("Pension fund or insurer")
        UNION = "union", _("Professional union")
        USERS = "users", _("Users' representatives")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "portal.Commune",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["territory", "kind"])]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's place in an organisation: partner staff or case manager, and whether they
    may edit the organisation's directory entries."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Partner staff")
        CASE_MANAGER = "case_manager", _("Case manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    can_edit_directory = models.BooleanField(
        _("may edit the organisation's directory entries"), default=False
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class Service(models.Model):
    """One thing an organisation offers, with its own public, criteria and access."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self):
        return self.name
