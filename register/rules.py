"""Permission rules and visibility filters of the register and of proposals."""

from django.db.models import Q

from directory.models import Organisation, Service
from meetings.models import Table
from portal.models import Territory
from portal.permissions import Role, access, can, is_admin, rule, visibility

from .models import Dysfunction, MeToo, Proposal
from .models.dysfunctions import (
    EDITABLE_STATES,
    ME_TOO_STATES,
    PUBLISHED_STATES,
    DysfunctionState,
)
from .models.proposals import AWAITING_POSITION_STATES, ProposalState


def _table_territory_ids(a):
    """Territories of the tables a person sits at (computed once per request)."""
    cached = getattr(a, "_register_table_territories", None)
    if cached is None:
        # A region's table has no territory: sitting there opens no territory's register.
        cached = frozenset(
            Table.objects.filter(pk__in=a.table_ids, territory__isnull=False).values_list(
                "territory_id", flat=True
            )
        )
        a._register_table_territories = cached
    return cached


def territories_seen_by(user) -> frozenset:
    """Territories whose published register a person sees: where they work or sit, and every
    territory of the regions they coordinate."""
    a = access(user)
    if not a:
        return frozenset()
    return (
        a.member_territory_ids
        | _table_territory_ids(a)
        | a.pilot_territory_ids
        | a.coordinated_territory_ids
    )


def territories_filed_in(user) -> frozenset:
    a = access(user)
    if not a:
        return frozenset()
    return a.member_territory_ids | a.pilot_territory_ids


@rule("register.view")
def may_view_register(user, obj=None) -> bool:
    return bool(territories_seen_by(user))


@rule("register.dysfunction.file", administrators=False)
def may_file(user, obj=None) -> bool:
    """Case managers and partner staff file dysfunctions (pilots too)."""
    return bool(access(user).roles & {Role.CASE_MANAGER, Role.PARTNER, Role.PILOT})


@rule("register.dysfunction.me_too", administrators=False)
def may_add_me_too(user, dysfunction) -> bool:
    """Someone who files dysfunctions in its territory adds their situations to a gap the
    tables know and have not closed, instead of filing it again (not its own filer)."""
    return (
        may_file(user)
        and dysfunction.state in ME_TOO_STATES
        and dysfunction.territory_id in territories_filed_in(user)
        and dysfunction.filer_id != user.pk
    )


@rule("register.dysfunction.edit", administrators=False)
def may_edit(user, dysfunction) -> bool:
    """The filer edits their dysfunction while it is a draft or more information is asked."""
    return dysfunction.filer_id == user.pk and dysfunction.state in EDITABLE_STATES


@rule("register.dysfunction.submit", administrators=False)
def may_submit(user, dysfunction) -> bool:
    return may_edit(user, dysfunction)


@rule("register.dysfunction.triage", administrators=False)
def may_triage(user, dysfunction) -> bool:
    """The territory's pilot qualifies, merges, rejects, schedules and closes dysfunctions."""
    return dysfunction.territory_id in access(user).pilot_territory_ids


@rule("register.dysfunction.see_filer")
def may_see_filer(user, dysfunction) -> bool:
    """The filer's identity is for the pilot (and the filer); the tables never see it."""
    return (
        dysfunction.filer_id == user.pk
        or dysfunction.territory_id in access(user).pilot_territory_ids
    )


@rule("register.dysfunction.see_filers")
def may_see_all_filers(user, dysfunction) -> bool:
    """Every filer of a dysfunction (its own and those merged into it): the pilot only."""
    return dysfunction.territory_id in access(user).pilot_territory_ids


@rule("register.triage_list", administrators=False)
def may_see_triage(user, obj=None) -> bool:
    return bool(access(user).pilot_territory_ids)


@rule("register.indicators.view")
def may_see_indicators(user, obj=None) -> bool:
    """Pilots, executives and regional coordinators (and administrators) read the
    indicators."""
    return bool(access(user).roles & {Role.PILOT, Role.EXECUTIVE, Role.REGIONAL_COORDINATOR})


@rule("register.proposal.list")
def may_list_proposals(user, obj=None) -> bool:
    return bool(
        access(user).roles
        & {Role.PILOT, Role.EXECUTIVE, Role.TACTICAL_MEMBER, Role.REGIONAL_COORDINATOR}
    )


@rule("register.proposal.manage", administrators=False)
def may_manage_proposal(user, proposal_or_territory) -> bool:
    """The territory's pilot writes proposals and carries them from table to table."""
    a = access(user)
    territory_id = getattr(proposal_or_territory, "territory_id", None)
    if territory_id is None and proposal_or_territory is not None:
        territory_id = proposal_or_territory.pk
    if proposal_or_territory is None:
        return bool(a.pilot_territory_ids)
    return territory_id in a.pilot_territory_ids


@rule("register.proposal.refer_to_region", administrators=False)
def may_refer_to_region(user, proposal) -> bool:
    """The territory's pilot sends a proposal up to the table of the territory's region (a
    territory outside any region has none)."""
    return may_manage_proposal(user, proposal) and proposal.territory.region_id is not None


@rule("register.proposal.position", administrators=False)
def may_record_position(user, proposal) -> bool:
    """An executive sitting at the strategic table the proposal was submitted to, before the
    table decides."""
    return (
        proposal.strategic_table_id is not None
        and proposal.strategic_table_id in access(user).table_ids
        and proposal.state in AWAITING_POSITION_STATES
    )


@rule("register.proposal.see_positions", administrators=False)
def may_see_positions(user, proposal) -> bool:
    """The executives' positions are read by the pilot and by the strategic table's members."""
    return can(user, "register.proposal.manage", proposal) or (
        proposal.strategic_table_id in access(user).table_ids
    )


@visibility(Territory, action="register.indicators.view")
def territories_with_indicators_for(user, queryset):
    """The pilot's territories, those of the tables where an executive sits, and those of the
    regions a coordinator reads."""
    a = access(user)
    return queryset.filter(
        pk__in=a.pilot_territory_ids | _table_territory_ids(a) | a.coordinated_territory_ids
    )


@visibility(Dysfunction, action="register.dysfunction.triage", administrators=False)
def dysfunctions_triaged_by(user, queryset):
    """The dysfunctions of the territories a person pilots (the rule, as a filter)."""
    return queryset.filter(territory_id__in=access(user).pilot_territory_ids)


def dysfunctions_joined_by(user) -> list[int]:
    """The dysfunctions a person joined without filing them: those theirs were merged into and
    those they added their situations to (« moi aussi »). A handful, read first (one query on
    the filer's indexes) so that the rules that name them stay on indexes: an `IN (subquery)`
    beside other conditions made PostgreSQL read every dysfunction."""
    merged = (
        Dysfunction.objects.filter(filer=user, merged_into__isnull=False)
        .order_by()
        .values_list("merged_into_id", flat=True)
    )
    added_to = MeToo.objects.filter(filer=user).order_by().values_list("dysfunction_id", flat=True)
    return list(merged.union(added_to))


@visibility(Dysfunction, administrators=False)
def dysfunctions_visible_to(user, queryset):
    """The filer sees their own (and those theirs were merged into); the pilot every submitted
    dysfunction of their territories; the territory's partners and tables the published
    register. Administrators see all but the others' drafts."""
    if is_admin(user):
        return queryset.exclude(Q(state=DysfunctionState.DRAFT) & ~Q(filer=user))
    a = access(user)
    return queryset.filter(
        Q(filer=user)
        | Q(pk__in=dysfunctions_joined_by(user))
        | (Q(territory_id__in=a.pilot_territory_ids) & ~Q(state=DysfunctionState.DRAFT))
        | (Q(territory_id__in=territories_seen_by(user)) & Q(state__in=sorted(PUBLISHED_STATES)))
    )


@visibility(Proposal)
def proposals_visible_to(user, queryset):
    """The pilot sees the proposals of their territories; tactical members those of their
    table; executives those submitted to their table (or sent up from it to the region's);
    the pilots of a region's territories those sent up to the region's table; a regional
    coordinator those of the region's territories past their draft."""
    a = access(user)
    return queryset.filter(
        Q(territory_id__in=a.pilot_territory_ids)
        | Q(tactical_table_id__in=a.table_ids)
        | (Q(territory_id__in=a.coordinated_territory_ids) & ~Q(state__in=[ProposalState.DRAFT]))
        | (
            (
                Q(strategic_table_id__in=a.table_ids)
                | Q(referred_from_id__in=a.table_ids)
                | Q(strategic_table__region_id__in=a.pilot_region_ids)
            )
            & ~Q(state__in=[ProposalState.DRAFT, ProposalState.ADOPTED])
        )
    )


# An organisation named in a dysfunction answers it before the table discusses it.
ANSWERABLE_STATES = frozenset({DysfunctionState.QUALIFIED, DysfunctionState.SCHEDULED})


def organisations_named_in(dysfunction) -> set[int]:
    """The organisations a dysfunction names, directly or through the services it names."""
    return {o.pk for o in dysfunction.organisations.all()} | {
        s.organisation_id for s in dysfunction.services.all()
    }


@rule("register.dysfunction.answer", administrators=False)
def may_answer(user, dysfunction) -> bool:
    """The directory editors of an organisation the dysfunction names, before the table
    discusses it."""
    if dysfunction.state not in ANSWERABLE_STATES:
        return False
    return bool(access(user).editable_organisation_ids & organisations_named_in(dysfunction))


@visibility(Organisation, action="register.dysfunction.answer", administrators=False)
def organisations_answering_for(user, queryset):
    """The organisations in whose name a person answers: those whose entries they edit."""
    return queryset.filter(pk__in=access(user).editable_organisation_ids)


@rule("register.service.dysfunctions")
def may_see_service_dysfunctions(user, service) -> bool:
    """On a service's page: the territory's pilot and the staff of the service's organisation
    see the dysfunctions that name it (never who filed them)."""
    a = access(user)
    return (
        service.organisation.territory_id in a.pilot_territory_ids
        or service.organisation_id in a.organisation_ids
    )


@visibility(Service, action="register.service.dysfunctions")
def services_whose_dysfunctions_are_seen_by(user, queryset):
    a = access(user)
    return queryset.filter(
        Q(organisation__territory_id__in=a.pilot_territory_ids)
        | Q(organisation_id__in=a.organisation_ids)
    )
