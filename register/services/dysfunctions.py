"""A dysfunction's life: filed, corrected, submitted, then triaged, scheduled, decided,
implemented, closed or reopened by the pilot."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Table
from meetings.services import agenda_item_add, decision_record
from portal.files import removes_files_on_failure
from portal.models import TerritoryPilot
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.services import follow_start
from portal.transitions import record, transition

from ..models import (
    Dysfunction,
)
from .checks import (
    EDITABLE_FIELDS,
    TEXT_FIELDS,
    S,
    _attach,
    _check_commune,
    _check_corridor,
    _check_meeting,
    _check_personal_data,
    _latest_item,
    _lock_dysfunction,
    _refuse_unless_allowed,
    _require_reason,
)


@removes_files_on_failure
@transaction.atomic
def dysfunction_create(
    *,
    filer,
    submit: bool = False,
    services: Iterable = (),
    organisations: Iterable = (),
    attachments: Iterable = (),
    **fields,
) -> Dysfunction:
    """Write a dysfunction: saved as a draft, or submitted to the pilot at once."""
    ensure(filer, "register.dysfunction.file")
    _check_personal_data(fields)
    _check_commune(filer, fields.get("commune"))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    now = timezone.now()
    dysfunction = Dysfunction(filer=filer, state=S.DRAFT, created_at=now, updated_at=now, **fields)
    dysfunction.territory_id = dysfunction.commune.territory_id
    _check_corridor(dysfunction)
    dysfunction.full_clean()
    dysfunction.save()
    dysfunction.services.set(services)
    dysfunction.organisations.set(organisations)
    _attach(dysfunction, attachments)
    record(dysfunction, actor=filer, from_state="", notify=False)
    follow_start(user=filer, target=dysfunction)
    if submit:
        transition(dysfunction, "submit", actor=filer, notify=False)
        _tell_pilots(dysfunction)
    return dysfunction


@removes_files_on_failure
@transaction.atomic
def dysfunction_update(
    *,
    dysfunction,
    actor,
    services=None,
    organisations=None,
    attachments: Iterable = (),
    **fields,
) -> Dysfunction:
    """The filer corrects or completes their draft (or answers the pilot's question)."""
    dysfunction = _lock_dysfunction(dysfunction)
    ensure(actor, "register.dysfunction.edit", dysfunction)
    _check_personal_data(fields)
    _check_commune(actor, fields.get("commune"))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"Unknown field: {name}")
        setattr(dysfunction, name, value)
    dysfunction.territory_id = dysfunction.commune.territory_id
    _check_corridor(dysfunction)
    dysfunction.updated_at = timezone.now()
    dysfunction.full_clean()
    dysfunction.save()
    if services is not None:
        dysfunction.services.set(services)
    if organisations is not None:
        dysfunction.organisations.set(organisations)
    _attach(dysfunction, attachments)
    return dysfunction


def _tell_pilots(dysfunction):
    emails = TerritoryPilot.objects.filter(territory_id=dysfunction.territory_id).values_list(
        "user__email", flat=True
    )
    for email in emails:
        transaction.on_commit(
            lambda email=email: notify_by_email(
                to=email,
                template="register/email/dysfunction_to_triage",
                context={"dysfunction": dysfunction},
            )
        )


@transaction.atomic
def dysfunction_submit(*, dysfunction, actor, reason: str = "") -> Dysfunction:
    """Send the dysfunction to the pilot of the territory."""
    dysfunction = _lock_dysfunction(dysfunction)
    ensure(actor, "register.dysfunction.submit", dysfunction)
    _check_personal_data({f: getattr(dysfunction, f) for f in TEXT_FIELDS})
    transition(dysfunction, "submit", actor=actor, reason=reason, notify=False)
    _tell_pilots(dysfunction)
    return dysfunction


def _lock_for_triage(dysfunction, actor) -> Dysfunction:
    dysfunction = _lock_dysfunction(dysfunction)
    ensure(actor, "register.dysfunction.triage", dysfunction)
    return dysfunction


@transaction.atomic
def dysfunction_qualify(
    *,
    dysfunction,
    actor,
    category,
    commune,
    services: Iterable = (),
    organisations: Iterable = (),
    reason: str = "",
) -> Dysfunction:
    """The pilot confirms the dysfunction, sets its category, services and place, and publishes
    it to the tables (without the filer's identity)."""
    dysfunction = _lock_for_triage(dysfunction, actor)
    if commune.territory_id != dysfunction.territory_id:
        raise ValidationError({"commune": _("Choose a commune of the dysfunction's territory.")})
    _check_personal_data({"reason": reason})
    transition(
        dysfunction, "qualify", actor=actor, reason=reason, category=category, commune=commune
    )
    dysfunction.services.set(services)
    dysfunction.organisations.set(organisations)
    return dysfunction


@transaction.atomic
def dysfunction_merge(*, dysfunction, into, actor, reason: str = "") -> Dysfunction:
    """Merge a duplicate into another dysfunction. Both filers follow the one that remains and
    are told."""
    first, second = sorted([dysfunction.pk, into.pk])
    if first == second:
        raise ValidationError(_("A dysfunction cannot be merged into itself."))
    # Lock both rows in a fixed order so that two merges cannot deadlock.
    locked = {
        d.pk: d for d in Dysfunction.objects.select_for_update().filter(pk__in=[first, second])
    }
    dysfunction, into = locked[dysfunction.pk], locked[into.pk]
    ensure(actor, "register.dysfunction.triage", dysfunction)
    ensure(actor, "register.dysfunction.triage", into)
    if into.state in (S.DRAFT, S.MERGED, S.REJECTED, S.CLOSED):
        raise ValidationError(
            _("%(reference)s is “%(state)s”: nothing can be merged into it.")
            % {"reference": into.reference, "state": into.get_state_display()}
        )
    reason = reason or _("Merged into %(reference)s, which reports the same dysfunction.") % {
        "reference": into.reference
    }
    # The filers of the one that remains hear of it first; then those of the duplicate (and
    # of what was merged into it earlier), who from now on follow the one that remains.
    record(
        into,
        actor=actor,
        reason=_("%(reference)s, reporting the same dysfunction, was merged into this one.")
        % {"reference": dysfunction.reference},
    )
    transition(dysfunction, "merge", actor=actor, reason=reason, merged_into=into)
    follow_start(user=dysfunction.filer, target=into)
    for earlier in Dysfunction.objects.select_for_update().filter(merged_into=dysfunction):
        earlier.merged_into = into
        earlier.save(update_fields=["merged_into"])
    if into.submitted_at and dysfunction.submitted_at:
        into.situation_count += dysfunction.situation_count
        into.save(update_fields=["situation_count"])
    return into


@transaction.atomic
def dysfunction_reject(*, dysfunction, actor, reason: str) -> Dysfunction:
    """The pilot does not keep the dysfunction, and says why."""
    reason = _require_reason(reason)
    dysfunction = _lock_for_triage(dysfunction, actor)
    transition(dysfunction, "reject", actor=actor, reason=reason)
    return dysfunction


@transaction.atomic
def dysfunction_request_information(*, dysfunction, actor, reason: str) -> Dysfunction:
    """The pilot asks the filer a question; the filer completes the dysfunction and submits it
    again."""
    reason = _require_reason(reason)
    dysfunction = _lock_for_triage(dysfunction, actor)
    transition(dysfunction, "request_information", actor=actor, reason=reason)
    return dysfunction


@transaction.atomic
def dysfunction_schedule(*, dysfunction, actor, meeting, reason: str = "") -> Dysfunction:
    """The pilot puts a qualified dysfunction on a tactical meeting's agenda; the agenda item
    links to it (without the filer's identity)."""
    dysfunction = _lock_for_triage(dysfunction, actor)
    _refuse_unless_allowed(dysfunction, "schedule")
    _check_meeting(
        meeting, kind=Table.Kind.TACTICAL, territory_id=dysfunction.territory_id, held=False
    )
    agenda_item_add(
        meeting=meeting,
        actor=actor,
        title=f"{dysfunction.reference} — {dysfunction.title}"[:250],
        kind=AgendaItem.Kind.DISCUSSION,
        subject=dysfunction,
        description=_("Dysfunction of the register: %(category)s, %(commune)s.")
        % {"category": dysfunction.category, "commune": dysfunction.commune.name},
    )
    transition(
        dysfunction,
        "schedule",
        actor=actor,
        reason=reason or _("On the agenda of %(meeting)s.") % {"meeting": meeting.display_title},
    )
    return dysfunction


@transaction.atomic
def dysfunction_solve_at_tactical_level(
    *, dysfunction, actor, reason: str, due_date=None
) -> Dysfunction:
    """The tactical table settled the dysfunction itself: its decision is recorded in the
    meeting where the dysfunction was discussed, and followed in the decision register."""
    reason = _require_reason(reason)
    dysfunction = _lock_for_triage(dysfunction, actor)
    _refuse_unless_allowed(dysfunction, "solve")
    item = _latest_item(dysfunction, kind=Table.Kind.TACTICAL)
    if item is None:
        raise ValidationError(_("Put the dysfunction on a tactical agenda first."))
    _check_meeting(item.meeting, held=True)
    decision = decision_record(
        meeting=item.meeting, actor=actor, text=reason, owner=actor, due_date=due_date, item=item
    )
    transition(dysfunction, "solve", actor=actor, reason=reason, outcome=reason, decision=decision)
    return dysfunction


@transaction.atomic
def dysfunction_start_implementation(*, dysfunction, actor, reason: str = "") -> Dysfunction:
    dysfunction = _lock_for_triage(dysfunction, actor)
    transition(dysfunction, "start_implementation", actor=actor, reason=reason)
    return dysfunction


@transaction.atomic
def dysfunction_close(*, dysfunction, actor, reason: str) -> Dysfunction:
    """The decision is carried out: the dysfunction is closed; its filer will be asked, some
    weeks later, whether things changed."""
    reason = _require_reason(reason)
    dysfunction = _lock_for_triage(dysfunction, actor)
    transition(dysfunction, "close", actor=actor, reason=reason)
    return dysfunction


@transaction.atomic
def dysfunction_reopen(*, dysfunction, actor, reason: str) -> Dysfunction:
    """The filer said nothing changed: the pilot opens the matter again, as a new dysfunction
    linked to the closed one (a recurrence)."""
    reason = _require_reason(reason)
    old = _lock_for_triage(dysfunction, actor)
    if old.state != S.CLOSED:
        raise ValidationError(_("Only a closed dysfunction can be reopened."))
    now = timezone.now()
    new = Dysfunction.objects.create(
        territory_id=old.territory_id,
        commune_id=old.commune_id,
        title=old.title,
        description=old.description,
        observed_on=timezone.localdate(),
        category_id=old.category_id,
        public=old.public,
        age_band=old.age_band,
        situation_count=old.situation_count,
        severity=old.severity,
        workaround=old.workaround,
        suggestion=old.suggestion,
        filer_id=old.filer_id,
        state=S.SUBMITTED,
        reopened_from=old,
        created_at=now,
        updated_at=now,
        submitted_at=now,
    )
    new.services.set(old.services.all())
    new.organisations.set(old.organisations.all())
    record(new, actor=actor, from_state="", reason=reason)
    transition(
        old,
        "reopen",
        actor=actor,
        reason=_("Reopened as %(reference)s.") % {"reference": new.reference},
        notify=False,
    )
    return new
