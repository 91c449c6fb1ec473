from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Table(models.Model):
    """A concertation table of a territory: tactical (service managers) or strategic (funders
    and executives)."""

    class Kind(models.TextChoices):
        TACTICAL = "tactical", _("Tactical table")
        STRATEGIC = "strategic", _("Strategic table")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="tables",
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["territory", "kind", "name"]

    def __str__(self):
        return self.name


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Seat(models.Model):
    """A seat at a table, held by a person for an organisation, with a mandate period."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")

    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    start_date = models.DateField(_("mandate start"))
    end_date = models.DateField(_("mandate end"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["table", "kind", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="seat_mandate_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["table", "user", "start_date"],
                name="one_seat_per_person_per_table_and_period",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.table}"
