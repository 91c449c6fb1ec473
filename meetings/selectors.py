"""Queries that the tables', meetings' and decisions' pages, feeds and panels read. Each page's
number of queries is decided here (select_related / prefetch_related), whatever the data size."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory.models import Membership, Organisation
from meetings.calendar import feed_window_end, feed_window_start
from meetings.models import (
    MINUTES_PENDING_STATUSES,
    OPEN_DECISION_STATUSES,
    UPCOMING_STATUSES,
    AgendaItem,
    Attendance,
    Decision,
    DecisionUpdate,
    DecisionVote,
    Meeting,
    MeetingStatus,
    MinutesVersion,
    Seat,
    SeatVote,
    Table,
)
from portal.models import Territory, TerritoryPilot
from portal.permissions import access, visible_to


def table_list_for(user):
    today = timezone.localdate()
    current = Q(seats__start_date__lte=today) & (
        Q(seats__end_date__isnull=True) | Q(seats__end_date__gte=today)
    )
    return list(
        visible_to(user, Table.objects.all())
        .select_related("territory", "region")
        .annotate(
            member_count=Count("seats", filter=current & Q(seats__kind=Seat.Kind.MEMBER)),
        )
        .order_by("territory__name", "kind", "name")
    )


def table_seats(table: Table, *, on=None):
    """Current seats, members first, each with their substitutes."""
    return list(
        Seat.objects.current(on)
        .filter(table=table)
        .select_related("user", "organisation", "substitute_for__user")
        .order_by("kind", "organisation__name", "user__last_name")
    )


def table_links(table: Table):
    """The tables `table` sends its proposals to and those it receives them from, each in the
    tables' order: one query for both."""
    through = Table.feeds.through
    sends_to = through.objects.filter(from_table_id=table.pk)
    receives_from = through.objects.filter(to_table_id=table.pk)
    linked = Table.objects.filter(
        Q(pk__in=sends_to.values("to_table_id")) | Q(pk__in=receives_from.values("from_table_id"))
    ).annotate(
        is_fed=Exists(sends_to.filter(to_table_id=OuterRef("pk"))),
        is_feeding=Exists(receives_from.filter(from_table_id=OuterRef("pk"))),
    )
    linked = list(linked)
    return [t for t in linked if t.is_fed], [t for t in linked if t.is_feeding]


def table_meetings(table: Table):
    meetings = list(table.meetings.order_by("starts_at"))
    for meeting in meetings:
        meeting.table = table  # already in hand: no query per meeting for display_title
    now = timezone.now()
    upcoming = [m for m in meetings if m.ends_at >= now and m.status in UPCOMING_STATUSES]
    past = [m for m in reversed(meetings) if m not in upcoming]
    return upcoming, past


def meeting_list_for(user, *, upcoming: bool):
    qs = visible_to(user, Meeting.objects.select_related("table"))
    now = timezone.now()
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at")
    return qs.filter(ends_at__lt=now).order_by("-starts_at")


def meeting_detail_queryset(user):
    return visible_to(
        user, Meeting.objects.select_related("table__territory", "minutes_approved_in__table")
    )


@dataclass
class ScheduledItem:
    item: AgendaItem
    starts_at: object
    ends_at: object


def agenda_items(meeting: Meeting):
    return list(
        # The subject's kind comes from the content types' cache, the item an unfinished one
        # was carried over to is only linked (by its key): neither is joined.
        meeting.items.select_related("presenter", "decision")
        # The subject may be a dysfunction, a proposal…: one query per kind, not per item.
        .prefetch_related("documents", "subject")
        .order_by("number")
    )


def agenda_schedule(meeting: Meeting, items) -> list[ScheduledItem]:
    """Each item starts when the one before ends, from the meeting's start."""
    schedule = []
    start = meeting.starts_at
    for item in items:
        end = start + timedelta(minutes=item.duration_minutes)
        schedule.append(ScheduledItem(item, start, end))
        start = end
    return schedule


def agenda_overrun_minutes(meeting: Meeting, schedule) -> int:
    """How many minutes the agenda runs past the meeting's end (0 when it fits)."""
    if not schedule:
        return 0
    over = schedule[-1].ends_at - meeting.ends_at
    return max(0, int(over.total_seconds() // 60))


def follow_up_decisions(meeting: Meeting):
    """The decisions the follow-up item reviews: those of the table's earlier meetings still
    open or in progress, and those closed since the previous meeting."""
    previous = (
        Meeting.objects.filter(table_id=meeting.table_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    # One query: the previous meeting's start is read inside it (no previous meeting: NULL,
    # and no update is "since" it).
    recently_closed = Exists(
        DecisionUpdate.objects.filter(decision=OuterRef("pk"), at__gte=Subquery(previous))
    )
    return list(
        Decision.objects.filter(
            meeting__table_id=meeting.table_id, meeting__starts_at__lt=meeting.starts_at
        )
        .filter(Q(status__in=OPEN_DECISION_STATUSES) | recently_closed)
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


def minutes_approval_meetings(meeting: Meeting):
    """The meetings where `meeting`'s minutes may be approved: the table's later meetings that
    have begun and were not cancelled, the nearest first."""
    return (
        Meeting.objects.filter(
            table_id=meeting.table_id,
            starts_at__gt=meeting.starts_at,
            starts_at__lte=timezone.now(),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("table")
        .order_by("starts_at")
    )


def meeting_following(meeting: Meeting):
    """The table's next meeting that has started: where earlier minutes are approved."""
    return minutes_approval_meetings(meeting).first()


def meeting_attendances(meeting: Meeting):
    return list(
        meeting.attendances.select_related(
            "seat__user",
            "seat__organisation",
            "represented_by",
            "substitute__user",
            "substitute__organisation",
        ).order_by("seat__organisation__name", "seat__user__last_name")
    )


@dataclass
class QuorumState:
    rule: str
    members: int
    required: int
    present: int
    forecast: int
    answered: int

    @property
    def applies(self) -> bool:
        return self.required > 0

    @property
    def met(self) -> bool:
        return self.present >= self.required

    @property
    def forecast_met(self) -> bool:
        return self.forecast >= self.required


PRESENT = (Attendance.Presence.PRESENT, Attendance.Presence.REPRESENTED)
COMING = (Attendance.Answer.COMING, Attendance.Answer.SUBSTITUTE)


def meeting_quorum(meeting: Meeting, attendances) -> QuorumState:
    """Quorum counts member seats present or represented; before the meeting, the answers
    received forecast it."""
    members = len(attendances)
    return QuorumState(
        rule=meeting.table.quorum_kind,
        members=members,
        required=meeting.table.quorum_required(members),
        present=sum(1 for a in attendances if a.presence in PRESENT),
        forecast=sum(1 for a in attendances if a.answer in COMING),
        answered=sum(1 for a in attendances if a.answer != Attendance.Answer.NONE),
    )


def _with_votes(decisions):
    """Each decision with its vote and, for a vote by seat, each seat's voice: two queries
    whatever the number of decisions and seats."""
    voices = SeatVote.objects.select_related(
        "attendance__seat__user", "attendance__seat__organisation", "voter"
    ).order_by("attendance__seat__organisation__name", "attendance__seat__user__last_name")
    return decisions.select_related("vote").prefetch_related(
        Prefetch("vote__seat_votes", queryset=voices)
    )


def decision_vote_of(decision: Decision):
    """The decision's vote, or None (read from what the page's selector fetched)."""
    try:
        return decision.vote
    except DecisionVote.DoesNotExist:
        return None


def meeting_decisions(meeting: Meeting):
    decisions = list(_with_votes(meeting.decisions.select_related("owner", "item")).order_by("pk"))
    for decision in decisions:
        decision.recorded_vote = decision_vote_of(decision)
    return decisions


def decision_voting_seats(decision: Decision):
    """The member seats present or represented at the decision's meeting: those who vote."""
    return list(
        decision.meeting.attendances.filter(
            presence__in=(Attendance.Presence.PRESENT, Attendance.Presence.REPRESENTED)
        )
        .select_related("seat__user", "seat__organisation", "represented_by")
        .order_by("seat__organisation__name", "seat__user__last_name")
    )


def minutes_current(meeting: Meeting) -> MinutesVersion | None:
    return meeting.minutes_versions.select_related("author").order_by("-number").first()


def minutes_versions(meeting: Meeting):
    return list(meeting.minutes_versions.select_related("author").order_by("-number"))


def decision_register_for(user):
    # The register shows no agenda item: joining the items (tens of thousands in a region)
    # would cost more than the rest of the query.
    return visible_to(
        user,
        Decision.objects.select_related("owner", "meeting__table"),
    ).order_by("due_date", "pk")


def decision_detail_queryset(user):
    return visible_to(
        user, _with_votes(Decision.objects.select_related("owner", "meeting__table", "item"))
    )


def decision_updates(decision: Decision):
    return list(decision.updates.select_related("actor").order_by("at", "pk"))


# --- people --------------------------------------------------------------------------------


def people_of_territory(territory_id):
    """The active accounts of a territory, for the lists a pilot picks from (seats, decision
    owners, presenters, representatives): members of its organisations, its pilots and those
    who hold a seat at one of its tables. No account of another territory appears."""
    return people_of_territories([territory_id])


def people_of_territories(territory_ids):
    from django.contrib.auth import get_user_model

    ids = (
        get_user_model()
        .objects.filter(
            Q(memberships__organisation__territory_id__in=territory_ids)
            | Q(pilot_roles__territory_id__in=territory_ids)
            | Q(seats__table__territory_id__in=territory_ids)
        )
        .values("pk")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=ids)
        .order_by("last_name", "first_name", "email")
    )


def people_of_table(table: Table):
    """The people a table's pilot picks from: those of its territory, or, for a region's table,
    those of every territory of the region (its pilots and funders meet there)."""
    if table.region_id is not None:
        territories = Territory.objects.filter(region_id=table.region_id).values("pk")
        return people_of_territories(territories)
    return people_of_territory(table.territory_id)


def people_choices(table: Table, *, seat_id: int | None = None, speakers: bool = False):
    """The people a pilot picks at a table (seats, decision owners, presenters,
    representatives), each with the organisation they sit for or belong to (two people may
    share a name) and, when `seat_id` is given, whether they are that seat's substitute (listed
    first). `speakers` keeps the table's seat holders and pilots (who presents an item)."""
    people = people_of_table(table)
    if speakers:
        people = people.filter(
            Q(pk__in=Seat.objects.filter(table=table).values("user_id"))
            | Q(pk__in=pilots_of_table(table))
        )
    sits_for = Seat.objects.filter(table=table, user=OuterRef("pk")).order_by("kind", "-start_date")
    belongs_to = Membership.objects.filter(user=OuterRef("pk")).order_by("pk")
    people = people.annotate(
        organisation_name=Coalesce(
            Subquery(sits_for.values("organisation__name")[:1]),
            Subquery(belongs_to.values("organisation__name")[:1]),
            Value(""),
        ),
        is_substitute=Exists(
            Seat.objects.current().filter(
                table=table,
                kind=Seat.Kind.SUBSTITUTE,
                substitute_for_id=seat_id or 0,
                user=OuterRef("pk"),
            )
        ),
    )
    return people.order_by("-is_substitute", "organisation_name", "last_name", "first_name", "pk")


def organisations_of_table(table: Table):
    """The organisations a seat at the table is held for (its territory's, or its region's)."""
    if table.region_id is not None:
        return Organisation.objects.filter(territory__region_id=table.region_id)
    return Organisation.objects.filter(territory_id=table.territory_id)


def pilots_of_table(table: Table):
    """The user ids of the pilots who run the table (its territory's, or its region's)."""
    if table.region_id is not None:
        return TerritoryPilot.objects.filter(territory__region_id=table.region_id).values("user_id")
    return TerritoryPilot.objects.filter(territory_id=table.territory_id).values("user_id")


# --- feeds -------------------------------------------------------------------------------


def feed_meetings_of_table(table: Table, *, private: bool = False):
    """The meetings of a table's feed; the secret (private) feed reads their agendas too."""
    meetings = (
        table.meetings.filter(ends_at__gte=feed_window_start(), starts_at__lt=feed_window_end())
        .select_related("table")
        .order_by("starts_at")
    )
    if private:
        meetings = meetings.prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("number"))
        )
    return list(meetings)


def feed_meetings_of_person(user):
    """Every meeting of every table where the person holds a seat (members and substitutes)."""
    today = timezone.localdate()
    seats = Seat.objects.filter(user=user).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today - timedelta(days=365))
    )
    return list(
        Meeting.objects.filter(
            table_id__in=seats.values("table_id"),
            ends_at__gte=feed_window_start(),
            starts_at__lt=feed_window_end(),
        )
        .select_related("table")
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("number")))
        .order_by("starts_at")
    )


# --- dashboard ---------------------------------------------------------------------------


def meetings_to_convene_for_pilot(user):
    meetings = Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
    return list(
        visible_to(user, meetings, action="meetings.meeting.manage")
        .select_related("table")
        .order_by("starts_at")[:10]
    )


def meetings_needing_minutes_for_pilot(user):
    meetings = Meeting.objects.filter(
        status__in=MINUTES_PENDING_STATUSES,
        ends_at__lt=timezone.now(),
    )
    return list(
        visible_to(user, meetings, action="meetings.meeting.manage")
        .select_related("table")
        .order_by("starts_at")[:10]
    )


def meeting_next_end_needing_minutes():
    """When the next meeting whose minutes will be due ends (any table's: the earliest moment
    the pilots' panel of minutes to write may change by time alone), or None."""
    return (
        Meeting.objects.filter(status__in=MINUTES_PENDING_STATUSES, ends_at__gte=timezone.now())
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )


def overdue_decisions_for_pilot(user):
    return list(
        visible_to(user, Decision.objects.overdue(), action="meetings.meeting.manage")
        .select_related("owner", "meeting__table")
        .order_by("due_date")[:10]
    )


def upcoming_attendances_for_member(user):
    return list(
        Attendance.objects.filter(
            seat__user=user,
            meeting__status=MeetingStatus.CONVENED,
            meeting__ends_at__gte=timezone.now(),
        )
        .select_related("meeting__table", "seat")
        .order_by("meeting__starts_at")[:10]
    )


def decisions_owned_by(user):
    return list(
        Decision.objects.filter(owner=user, status__in=OPEN_DECISION_STATUSES)
        .select_related("meeting__table")
        .order_by("due_date")[:10]
    )


def table_with_public_calendar():
    """The tables that publish their calendar (dates, times, titles, status) to all; the others'
    public address is a 404."""
    return Table.objects.filter(publishes_calendar=True)


def table_list_for_pilot(user):
    tables = visible_to(user, Table.objects.all(), action="meetings.table.manage")
    return list(tables.select_related("territory", "region"))


def table_list_for_seat_holder(user):
    a = access(user)
    return list(Table.objects.filter(pk__in=a.table_ids).select_related("territory", "region"))
