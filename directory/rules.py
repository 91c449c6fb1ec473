"""Permission rules of the directory."""

from portal.permissions import access, is_admin, rule


@rule("directory.organisation.edit")
def may_edit_organisation(user, organisation) -> bool:
    """Administrators, the territory's pilots, and the organisation's own directory editors."""
    if is_admin(user):
        return True
    a = access(user)
    if not a:
        return False
    return (
        organisation.territory_id in a.pilot_territory_ids
        or organisation.pk in a.editable_organisation_ids
    )
