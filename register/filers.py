"""Who filed a dysfunction, and who may read their names.

The filer's identity belongs to the pilot (and to the filer): the tables, the organisations
named, the other filers never read it. A dysfunction carries several filers once others are
merged into it or add their situations to it (« me too »), and everyone asked for feedback
on it files alongside). Every page, e-mail,
export and feed that names a person acting on a dysfunction asks `name_for` here, so the rule
lives at one depth; the template tag `{% actor_name %}` (register_tags) is the way templates ask.
"""

from django.utils.translation import gettext as _

from portal.permissions import can


def filer_ids(dysfunction) -> frozenset:
    """The people whose filing this dysfunction carries: its filer, the filers of what was
    merged into it, and whoever was asked for feedback on it as a filer."""
    cached = getattr(dysfunction, "_filer_ids", None)
    if cached is not None:
        return cached
    ids = {dysfunction.filer_id}
    ids.update(m.filer_id for m in dysfunction.merged_dysfunctions.all())
    ids.update(f.recipient_id for f in dysfunction.feedback_requests.all())
    ids.update(m.filer_id for m in dysfunction.me_toos.all())
    ids.discard(None)
    dysfunction._filer_ids = frozenset(ids)
    return dysfunction._filer_ids


def may_name(viewer, dysfunction, person) -> bool:
    """May `viewer` read the name of `person` acting on `dysfunction`? Anyone but a filer is
    named to whoever reads the dysfunction; a filer only to the pilot and to themselves."""
    if person is None:
        return True
    if person.pk not in filer_ids(dysfunction):
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    return person.pk == viewer.pk or can(viewer, "register.dysfunction.see_filers", dysfunction)


def name_for(viewer, dysfunction, person) -> str:
    """The name to show for `person`, or a neutral word when `viewer` may not read it."""
    if person is None:
        return ""
    if may_name(viewer, dysfunction, person):
        return str(person)
    return _("a filer")


def filer_count(dysfunction) -> int:
    """How many distinct people filed it (a count the tables read; never their names)."""
    return len(filer_ids(dysfunction))


def filers_shown_to(viewer, dysfunction) -> list:
    """The filers (with the reference of what they filed) that `viewer` may read: all of them
    for the pilot, themselves only for a filer, nobody for the tables."""
    rows = (
        [(dysfunction.filer, dysfunction.reference)]
        + [(m.filer, m.reference) for m in dysfunction.merged_dysfunctions.all()]
        + [(m.filer, _("« me too »")) for m in dysfunction.me_toos.all()]
    )
    return [
        (person, reference)
        for person, reference in rows
        if person is not None and may_name(viewer, dysfunction, person)
    ]
