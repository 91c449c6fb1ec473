"""Permission rules of agreements. Visitors may do nothing and administrators anything: the
portal decides that before these rules are asked."""

from django.db.models import Q

from agreements.models import OPEN_FOR_COMMENTS, Agreement
from directory.models import Organisation
from portal.permissions import access, rule, visibility


def _is_pilot(user, agreement) -> bool:
    return agreement.territory_id in access(user).pilot_territory_ids


@rule("agreements.agreement.create")
def may_draft_agreement(user, territory=None) -> bool:
    """The territory's pilots draft agreements (any pilot when no territory is named)."""
    a = access(user)
    if territory is None:
        return bool(a.pilot_territory_ids)
    return territory.pk in a.pilot_territory_ids


@rule("agreements.agreement.manage")
def may_manage_agreement(user, agreement) -> bool:
    """The pilots of the agreement's territory edit it and move it through its life cycle."""
    return _is_pilot(user, agreement)


@rule("agreements.agreement.view")
def may_view_agreement(user, agreement) -> bool:
    """Members of the network read their territory's agreements; drafts only the pilots and
    the parties' staff."""
    a = access(user)
    if _is_pilot(user, agreement):
        return True
    if agreement.state == Agreement.State.DRAFT:
        return bool(a.organisation_ids & {o.pk for o in agreement.parties.all()})
    return agreement.territory_id in a.member_territory_ids


@rule("agreements.agreement.comment")
def may_comment_agreement(user, agreement) -> bool:
    """The parties' directory editors (and the pilots) comment before adoption."""
    if agreement.state not in OPEN_FOR_COMMENTS:
        return False
    if _is_pilot(user, agreement):
        return True
    editable = access(user).editable_organisation_ids
    return bool(editable & {o.pk for o in agreement.parties.all()})


@visibility(Agreement)
def agreements_visible_to(user, queryset):
    """Pilots: their territories' agreements; members: those of their territories past the
    draft, and the drafts their organisations are party to."""
    a = access(user)
    party_to = Agreement.objects.filter(parties__in=a.organisation_ids).values("pk")
    return queryset.filter(
        Q(territory_id__in=a.pilot_territory_ids)
        | (Q(territory_id__in=a.member_territory_ids) & ~Q(state=Agreement.State.DRAFT))
        | Q(pk__in=party_to)
    )


@visibility(Organisation, action="agreements.comment_on_behalf_of", administrators=False)
def organisations_one_speaks_for(user, queryset):
    """The organisations in whose name a person comments: those whose entries they edit."""
    return queryset.filter(pk__in=access(user).editable_organisation_ids)
