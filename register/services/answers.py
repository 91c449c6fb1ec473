"""An organisation a dysfunction names answers it in writing before the table discusses it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Organisation
from portal.permissions import ensure, visible_to
from portal.transitions import record

from ..rules import organisations_named_in
from .checks import _check_personal_data, _lock_dysfunction


@transaction.atomic
def dysfunction_answer(*, actor, dysfunction, organisation, text: str):
    """An organisation the dysfunction names answers it in writing before the table discusses
    it: the answer joins the timeline, which the tables, the pilot and the filer read."""
    dysfunction = _lock_dysfunction(dysfunction)
    ensure(actor, "register.dysfunction.answer", dysfunction)
    allowed = visible_to(
        actor, Organisation.objects.filter(pk=organisation.pk), "register.dysfunction.answer"
    ).exists()
    if not allowed or organisation.pk not in organisations_named_in(dysfunction):
        raise ValidationError(
            {"organisation": _("Answer in the name of an organisation this gap names.")}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    _check_personal_data({"text": text})
    return record(
        dysfunction,
        actor=actor,
        transition="organisation_answer",
        reason=_("Answer of %(organisation)s: %(text)s")
        % {"organisation": organisation.name, "text": text},
    )
