"""Permission rules of the tables, meetings, minutes and decisions."""

from django.db.models import Q

from meetings.models import Decision, Meeting, MeetingStatus, Seat, Table
from portal.models import Region, Territory
from portal.permissions import (
    Role,
    access,
    can,
    is_admin,
    register_role_provider,
    roles_follow,
    rule,
    visibility,
)


@register_role_provider
def seat_roles(user, a) -> None:
    """Tactical members and executives hold a current Seat at a tactical or strategic table."""
    seats = list(Seat.objects.current().filter(user=user).values_list("table_id", "table__kind"))
    a.table_ids = frozenset(s[0] for s in seats)
    kinds = {s[1] for s in seats}
    if Table.Kind.TACTICAL in kinds:
        a.roles.add(Role.TACTICAL_MEMBER)
    if Table.Kind.STRATEGIC in kinds:
        a.roles.add(Role.EXECUTIVE)


roles_follow(Seat, lambda seat: [seat.user_id])
# The kind of a table (tactical or strategic) makes its members' role.
roles_follow(Table, lambda table: table.seats.values("user_id"))


def _linked_table_ids(a):
    """Tables a seat holder may follow: their own, and those linked to them by `feeds` (a
    strategic table's members read the agendas of the tactical tables that feed it, and back)."""
    cached = getattr(a, "_meetings_linked_table_ids", None)
    if cached is not None:
        return cached
    through = Table.feeds.through
    linked = through.objects.filter(
        Q(from_table_id__in=a.table_ids) | Q(to_table_id__in=a.table_ids)
    ).values_list("from_table_id", "to_table_id")
    ids = set(a.table_ids)
    for source, target in linked:
        ids.update((source, target))
    ids = frozenset(ids)
    a._meetings_linked_table_ids = ids  # the access object lives for one request
    return ids


def _managed(a) -> Q:
    """The tables a person manages, as a filter on Table: those of the territories they pilot,
    and the table of a region whose territories they pilot (its pilots run it together)."""
    return Q(territory_id__in=a.pilot_territory_ids) | Q(region_id__in=a.pilot_region_ids)


def _read_by_coordinator(a) -> Q:
    """The tables a regional coordinator reads (and never edits): every table of the
    territories of their regions, and the regions' own tables."""
    return Q(territory_id__in=a.coordinated_territory_ids) | Q(
        region_id__in=a.coordinated_region_ids
    )


@rule("meetings.table.manage")
def may_manage_table(user, table) -> bool:
    """The territory's pilots (and administrators) manage its tables; the pilots of a region's
    territories manage the region's table."""
    a = access(user)
    if table.region_id is not None:
        return table.region_id in a.pilot_region_ids
    return table.territory_id in a.pilot_territory_ids


@rule("meetings.table.calendar")
def may_read_table_calendar_address(user, table) -> bool:
    """The secret address of a table's full calendar goes to its pilots and to those who sit at
    it (members and substitutes), not to the members of linked tables."""
    a = access(user)
    return table.territory_id in a.pilot_territory_ids or table.pk in a.table_ids


@rule("meetings.table.create")
def may_create_table(user, territory=None) -> bool:
    """Pilots create the tables of their territories; a region's table is created by the
    administrators."""
    a = access(user)
    if not a.pilot_territory_ids:
        return False
    if isinstance(territory, Region):
        return False
    return territory is None or territory.pk in a.pilot_territory_ids


@rule("meetings.meeting.manage")
def may_manage_meeting(user, meeting) -> bool:
    """Planning, convening, attendance, minutes and decisions belong to the territory's pilot."""
    return can(user, "meetings.table.manage", meeting.table)


@rule("meetings.minutes.read", administrators=False)
def may_read_minutes(user, meeting) -> bool:
    """Published minutes are read by all who see the meeting; before that, only by the table's
    members and the pilot."""
    if not meeting.has_minutes:
        return False
    if meeting.status == MeetingStatus.PUBLISHED:
        return visible_to_user(user, meeting)
    if can(user, "meetings.table.manage", meeting.table):
        return True
    return meeting.table_id in access(user).table_ids


def visible_to_user(user, meeting) -> bool:
    if is_admin(user):  # minutes.read asks about administrators too
        return True
    a = access(user)
    table = meeting.table
    return (
        can(user, "meetings.table.manage", table)
        or meeting.table_id in _linked_table_ids(a)
        or table.territory_id in a.coordinated_territory_ids
        or table.region_id in a.coordinated_region_ids
    )


@rule("meetings.attendance.answer", administrators=False)
def may_answer_for_seat(user, attendance) -> bool:
    """A member answers the convocation for their own seat only."""
    return attendance.seat.user_id == user.pk


@rule("meetings.attendance.stand_in", administrators=False)
def may_stand_in(user, attendance) -> bool:
    """The substitute a member sent answers for themselves, on the meeting they were sent to."""
    return attendance.substitute_id is not None and attendance.substitute.user_id == user.pk


@rule("meetings.decision.update")
def may_update_decision(user, decision) -> bool:
    """The decision's owner and the pilot update its status."""
    if decision.owner_id == user.pk:
        return True
    return can(user, "meetings.table.manage", decision.meeting.table)


@rule("meetings.register")
def may_see_register(user, obj=None) -> bool:
    return bool(access(user).roles)


@visibility(Territory, action="meetings.table.create")
def territories_open_to_tables(user, queryset):
    """The territories where a person may create tables (the rule, as a filter)."""
    return queryset.filter(pk__in=access(user).pilot_territory_ids)


def _tables_managed(a):
    return Table.objects.filter(_managed(a)).values("pk")


@visibility(Table, action="meetings.table.manage")
def tables_managed_by(user, queryset):
    return queryset.filter(_managed(access(user)))


@visibility(Meeting, action="meetings.meeting.manage")
def meetings_managed_by(user, queryset):
    return queryset.filter(table_id__in=_tables_managed(access(user)))


@visibility(Decision, action="meetings.meeting.manage")
def decisions_of_meetings_managed_by(user, queryset):
    return queryset.filter(meeting__table_id__in=_tables_managed(access(user)))


def _tables_read(a):
    """Every table a person reads: managed, sat at (or linked), or coordinated."""
    return Table.objects.filter(
        _managed(a) | _read_by_coordinator(a) | Q(pk__in=_linked_table_ids(a))
    ).values("pk")


@visibility(Table)
def tables_visible_to(user, queryset):
    """A member sees the tables they sit at (and those linked to them); a pilot those of their
    territories (and of their region); a regional coordinator every table of their regions."""
    a = access(user)
    return queryset.filter(_managed(a) | _read_by_coordinator(a) | Q(pk__in=_linked_table_ids(a)))


@visibility(Meeting)
def meetings_visible_to(user, queryset):
    return queryset.filter(table_id__in=_tables_read(access(user)))


@visibility(Decision)
def decisions_visible_to(user, queryset):
    """Decisions of the tables one follows, and those one owns."""
    # By their meetings' keys (read on the index of the meetings' tables), not by joining every
    # meeting of the region to test its table.
    meetings = Meeting.objects.filter(table_id__in=_tables_read(access(user))).values("pk")
    return queryset.filter(Q(meeting_id__in=meetings) | Q(owner_id=user.pk))
