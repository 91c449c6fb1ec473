"""Tables and the seats held at them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Table(models.Model):
    """A concertation table of a territory: tactical (service managers) or strategic (funders
    and executives); or the strategic table of a region, which gathers its territories' pilots
    and funders and receives the proposals their strategic tables send up."""

    class Kind(models.TextChoices):
        TACTICAL = "tactical", _("Tactical table")
        STRATEGIC = "strategic", _("Strategic table")

    class Quorum(models.TextChoices):
        NONE = "none", _("No quorum")
        COUNT = "count", _("A number of member seats")
        SHARE = "share", _("A share of member seats (percent)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="tables",
        null=True,
        blank=True,
        help_text=_("The territory of the table; leave empty for the table of a region."),
    )
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="tables",
        null=True,
        blank=True,
        help_text=_("For a regional table only (strategic, without a territory)."),
    )
    description = models.TextField(_("description"), blank=True)
    feeds = models.ManyToManyField(
        "self",
        verbose_name=_("strategic tables it feeds"),
        symmetrical=False,
        blank=True,
        related_name="fed_by",
        help_text=_("The strategic tables that receive this tactical table's proposals."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=10,
        help_text=_("How many days before a meeting the convocation should be sent."),
    )
    quorum_kind = models.CharField(
        _("quorum rule"), max_length=10, choices=Quorum.choices, default=Quorum.NONE
    )
    quorum_value = models.PositiveSmallIntegerField(_("quorum value"), null=True, blank=True)
    publishes_calendar = models.BooleanField(
        _("publishes its calendar"),
        default=False,
        help_text=_(
            "When ticked, anyone may subscribe to the table's public calendar: the dates, times "
            "and titles of its meetings, without places, video links or agendas. Members always "
            "have the table's secret address, which carries everything."
        ),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("document collection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["territory", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_kind="none")
                | Q(quorum_kind="count", quorum_value__gte=1)
                | Q(quorum_kind="share", quorum_value__gte=1, quorum_value__lte=100),
                name="table_quorum_value_matches_rule",
            ),
            # A table belongs to a territory, or (a strategic one) to a region: never both.
            models.CheckConstraint(
                condition=Q(territory__isnull=False, region__isnull=True)
                | Q(territory__isnull=True, region__isnull=False, kind="strategic"),
                name="table_of_a_territory_or_strategic_of_a_region",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:table_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.territory_id is None and self.region_id is None:
            raise ValidationError({"territory": _("Choose the table's territory.")})
        if self.territory_id is not None and self.region_id is not None:
            raise ValidationError(
                {"region": _("A table belongs to a territory or to a region, not both.")}
            )
        if self.region_id is not None and self.kind != self.Kind.STRATEGIC:
            raise ValidationError({"kind": _("The table of a region is a strategic table.")})

    @property
    def is_regional(self) -> bool:
        return self.region_id is not None

    @property
    def scope(self):
        """What the table covers: its territory, or its region (select both when listing)."""
        return self.territory if self.territory_id else self.region

    def quorum_required(self, member_count: int) -> int:
        """How many member seats must be present (or represented) for the table to decide."""
        if self.quorum_kind == self.Quorum.COUNT:
            return self.quorum_value or 0
        if self.quorum_kind == self.Quorum.SHARE:
            return -(-member_count * (self.quorum_value or 0) // 100)  # ceiling
        return 0


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
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("stands in for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="substitutes",
        help_text=_("For a substitute: the member seat they stand in for."),
    )
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
            models.CheckConstraint(
                condition=Q(kind="substitute") | Q(substitute_for__isnull=True),
                name="seat_only_substitutes_stand_in",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.table}"
