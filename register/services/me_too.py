"""« Moi aussi »: a known gap counted, not filed twice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.permissions import ensure
from portal.services import follow_start
from portal.transitions import record

from ..models import MeToo
from .checks import _check_personal_data, _lock_dysfunction


@transaction.atomic
def dysfunction_me_too(*, dysfunction, actor, situation_count: int = 1, note: str = "") -> MeToo:
    """A case manager adds their situations to a dysfunction the tables already know instead
    of filing it again: its count of situations grows, they become one of its filers (hidden
    from the tables like the first) and are told of its changes. Adding again adds more."""
    dysfunction = _lock_dysfunction(dysfunction)
    ensure(actor, "register.dysfunction.me_too", dysfunction)
    if not isinstance(situation_count, int) or situation_count < 1:
        raise ValidationError({"situation_count": _("Give at least one situation.")})
    note = (note or "").strip()
    _check_personal_data({"note": note})
    now = timezone.now()
    me_too = MeToo.objects.filter(dysfunction=dysfunction, filer=actor).first()
    if me_too is None:
        me_too = MeToo(dysfunction=dysfunction, filer=actor, situation_count=0, created_at=now)
    me_too.situation_count += situation_count
    if note:
        me_too.note = f"{me_too.note}\n\n{note}".strip()
    me_too.updated_at = now
    me_too.full_clean()
    me_too.save()
    dysfunction.situation_count += situation_count
    dysfunction.updated_at = now
    dysfunction.save(update_fields=["situation_count", "updated_at"])
    reason = ngettext(
        "« Me too »: %(n)s more situation known in the field.",
        "« Me too »: %(n)s more situations known in the field.",
        situation_count,
    ) % {"n": situation_count}
    if note:
        reason = f"{reason}\n{note}"
    record(dysfunction, actor=actor, reason=reason, transition="me_too")
    follow_start(user=actor, target=dysfunction)
    return me_too
