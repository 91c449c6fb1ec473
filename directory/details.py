"""The structured details of a directory entry, as a directory user reads them and as HSDS 3.0
carries them: where (locations, with their address and coordinates), when (opening schedules),
how to call (phones with extension), in which languages, over which areas; and an
organisation's other identifiers.

Each row keeps the identifier it came with (`hsds_id`, a new UUID when it was made here), so
that exports give the same identifiers every time and a re-import updates in place. The
service's own rows hang on it with ParentalKey, so that drafts and revisions carry them."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


class Location(models.Model):
    """A place where an organisation's services are given, with its postal address."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Physical place")
        POSTAL = "postal", _("Postal address only")
        VIRTUAL = "virtual", _("Online")

    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(_("name"), max_length=200, blank=True)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    url = models.URLField(_("web address"), blank=True, max_length=500)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address_1 = models.CharField(_("address"), max_length=250, blank=True)
    address_2 = models.CharField(_("address (continued)"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=150, blank=True)
    region = models.CharField(_("region"), max_length=150, blank=True)
    state_province = models.CharField(_("département or province"), max_length=150, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="FR")

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name or ", ".join(p for p in (self.address_1, self.city) if p) or "—"

    @property
    def has_address(self) -> bool:
        return bool(self.address_1 or self.city)


class ServicePhone(Orderable):
    service = ParentalKey("directory.Service", on_delete=models.CASCADE, related_name="phones")
    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return f"{self.number} ({self.extension})" if self.extension else self.number


class ServiceSchedule(Orderable):
    """Opening hours: on these days (iCalendar BYDAY codes), from this time to that time."""

    service = ParentalKey("directory.Service", on_delete=models.CASCADE, related_name="schedules")
    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    freq = models.CharField(
        _("repeats"),
        max_length=10,
        blank=True,
        choices=[("WEEKLY", _("every week")), ("MONTHLY", _("every month"))],
    )
    byday = models.CharField(_("days"), max_length=40, blank=True, help_text="MO,TU,WE…")
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_it_closes",
            )
        ]

    @property
    def day_labels(self) -> list[str]:
        names = dict(WEEKDAYS)
        return [str(names.get(code.strip(), code)) for code in self.byday.split(",") if code]


class ServiceLanguage(Orderable):
    service = ParentalKey(
        "directory.Service", on_delete=models.CASCADE, related_name="spoken_languages"
    )
    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    code = models.CharField(_("code (ISO 639)"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name or self.code


class ServiceArea(Orderable):
    """An area served that is not a commune of the list (a district, a catchment, a region)."""

    service = ParentalKey("directory.Service", on_delete=models.CASCADE, related_name="areas")
    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("kind of extent"), max_length=20, blank=True)
    uri = models.URLField(_("web address"), blank=True, max_length=500)

    class Meta(Orderable.Meta):
        verbose_name = _("area served")
        verbose_name_plural = _("areas served")

    def __str__(self):
        return self.name or self.uri


class OrganisationIdentifier(models.Model):
    """Another identifier of an organisation (a company number, a FINESS number…)."""

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="identifiers"
    )
    hsds_id = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    scheme = models.CharField(_("scheme"), max_length=50, blank=True)
    type = models.CharField(_("kind of identifier"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=200)

    class Meta:
        verbose_name = _("identifier of an organisation")
        verbose_name_plural = _("identifiers of an organisation")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.type}: {self.identifier}"
