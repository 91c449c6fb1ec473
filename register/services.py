"""Everything that changes a dysfunction or a proposal. Each function is one user action: it
checks the role and the current state, locks the row, moves it along the transition table,
writes the history and queues the notifications, in one transaction."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import HELD_STATUSES, UPCOMING_STATUSES, AgendaItem, Meeting, Table
from meetings.services import agenda_item_add, decision_record
from portal.files import removes_files_on_failure, shorten_file_name, validate_upload
from portal.models import TerritoryPilot
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.transitions import allows, record, transition

from .models import (
    Dysfunction,
    DysfunctionAttachment,
    DysfunctionState,
    ExecutivePosition,
    FeedbackAnswer,
    FeedbackRequest,
    Notification,
    Proposal,
    ProposalState,
)
from .models.proposals import DECISION_STATES
from .privacy import check_texts
from .rules import territories_filed_in

S = DysfunctionState
P = ProposalState
# The strategic table's decision, by the name of the proposal's transition.
DECIDE = {
    P.APPROVED: "approve",
    P.APPROVED_WITH_CHANGES: "approve_with_changes",
    P.REJECTED: "reject",
    P.DEFERRED: "defer",
}

TEXT_FIELDS = ("title", "description", "workaround", "suggestion")
EDITABLE_FIELDS = (
    "title",
    "description",
    "observed_on",
    "commune",
    "category",
    "public",
    "age_band",
    "situation_count",
    "severity",
    "workaround",
    "suggestion",
)


def feedback_delay() -> timedelta:
    return timedelta(days=int(getattr(settings, "TABLEE_FEEDBACK_DELAY_DAYS", 42)))


# --- helpers -------------------------------------------------------------------------------


def _refuse_unless_allowed(obj, name) -> None:
    """Refuse early, before the side effects that come ahead of the move itself."""
    if not allows(obj, name):
        workflow = obj.workflow
        raise workflow.refusal(obj, getattr(obj, workflow.field), workflow[name].target)


def _lock_dysfunction(dysfunction) -> Dysfunction:
    """Re-read the row under a lock, so that a concurrent action sees the state we leave."""
    return Dysfunction.objects.select_for_update().get(pk=dysfunction.pk)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the filer will read it.")})
    return reason


def _check_personal_data(values: dict) -> None:
    """Every free text the register stores goes through the personal-data guard (and its
    length bound): dysfunctions, reasons, proposals, positions."""
    check_texts(**{k: v for k, v in values.items() if isinstance(v, str)})


def _recipients(dysfunction) -> list:
    """The filer, and the filers of the dysfunctions merged into this one."""
    people = {dysfunction.filer_id: dysfunction.filer}
    for merged in dysfunction.merged_dysfunctions.select_related("filer"):
        people.setdefault(merged.filer_id, merged.filer)
    return list(people.values())


def tell_filers(dysfunction, event) -> None:
    """Tell the filers of a dysfunction's new history entry, in the portal and by e-mail (once
    the transaction commits); the person who made the change is not told."""
    for person in _recipients(dysfunction):
        if person.pk == event.actor_id:
            continue
        Notification.objects.create(recipient=person, event=event)
        _email_later(person.email, dysfunction, event)


def _email_later(email, dysfunction, event):
    transaction.on_commit(
        lambda: notify_by_email(
            to=email,
            template="register/email/dysfunction_changed",
            context={"dysfunction": dysfunction, "event": event},
        )
    )


def _check_commune(filer, commune):
    if commune is not None and commune.territory_id not in territories_filed_in(filer):
        raise ValidationError({"commune": _("Choose a commune of your territory.")})


def _attach(dysfunction, attachments):
    """Keep the uploads in the private storage; their display name is cut to fit, never a 500."""
    for upload in attachments or ():
        _check_personal_data({"attachments": upload.name})
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
        name_length = DysfunctionAttachment._meta.get_field("name").max_length
        name = shorten_file_name(upload.name, name_length)
        DysfunctionAttachment.objects.create(dysfunction=dysfunction, file=upload, name=name)


# --- the tables' meetings ------------------------------------------------------------------


def _check_meeting(meeting, *, table_id=None, kind=None, territory_id=None, held=None):
    """Refuse a meeting of the wrong table, kind or territory, or not (yet) held (read from
    the database, not from what the caller holds)."""
    meeting = Meeting.objects.select_related("table").get(pk=meeting.pk)
    table = meeting.table
    if (
        (table_id is not None and table.pk != table_id)
        or (kind is not None and table.kind != kind)
        or (territory_id is not None and table.territory_id != territory_id)
    ):
        raise ValidationError({"meeting": _("Choose a meeting of the right table.")})
    if held is True and meeting.status not in HELD_STATUSES:
        raise ValidationError({"meeting": _("Choose a meeting that was held.")})
    if held is False and meeting.status not in UPCOMING_STATUSES:
        raise ValidationError(
            {"meeting": _("Choose a meeting still to come: its agenda can change.")}
        )


def _latest_item(subject, *, kind):
    """The latest agenda item about `subject` in a meeting of a table of `kind`."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            meeting__table__kind=kind,
        )
        .select_related("meeting__table")
        .order_by("-meeting__starts_at", "-pk")
        .first()
    )


# --- filing --------------------------------------------------------------------------------


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
    dysfunction.full_clean()
    dysfunction.save()
    dysfunction.services.set(services)
    dysfunction.organisations.set(organisations)
    _attach(dysfunction, attachments)
    record(dysfunction, actor=filer, from_state="", notify=False)
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


# --- triage by the pilot -------------------------------------------------------------------


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


# --- feedback ------------------------------------------------------------------------------


def feedback_request_due(*, now=None) -> list[FeedbackRequest]:
    """Ask the filers of dysfunctions closed long enough ago whether things changed. Each filer
    is asked once per dysfunction; running it again sends nothing new."""
    now = now or timezone.now()
    # Only the dysfunctions where someone is still to be asked: the daily run reads what it
    # sends, not the whole history of closed dysfunctions.
    asked = FeedbackRequest.objects.filter(dysfunction=OuterRef("pk"), recipient=OuterRef("filer"))
    duplicate_not_asked = Dysfunction.objects.filter(merged_into=OuterRef("pk")).exclude(
        Exists(
            FeedbackRequest.objects.filter(
                dysfunction=OuterRef(OuterRef("pk")), recipient=OuterRef("filer")
            )
        )
    )
    due = Dysfunction.objects.filter(
        ~Exists(asked) | Exists(duplicate_not_asked),
        state=S.CLOSED,
        closed_at__lte=now - feedback_delay(),
    )
    created = []
    for dysfunction in due.select_related("filer"):
        for person in _recipients(dysfunction):
            with transaction.atomic():
                request, made = FeedbackRequest.objects.get_or_create(
                    dysfunction=dysfunction, recipient=person, defaults={"requested_at": now}
                )
                if made:
                    created.append(request)
                    transaction.on_commit(
                        lambda request=request: notify_by_email(
                            to=request.recipient.email,
                            template="register/email/feedback_request",
                            context={
                                "request": request,
                                "dysfunction": request.dysfunction,
                                "answers": _signed_answers(request),
                            },
                        )
                    )
    return created


def _signed_answers(request) -> list[tuple[str, str]]:
    from django.urls import reverse

    from .feedback import feedback_token

    return [
        (
            label,
            reverse("register:feedback_answer", args=[feedback_token(request.pk, value)]),
        )
        for value, label in FeedbackAnswer.choices
    ]


@transaction.atomic
def feedback_answer(*, request_id: int, answer: str) -> FeedbackRequest:
    """The filer answered in one click. The first answer counts; a later click changes it."""
    if answer not in FeedbackAnswer.values:
        raise ValidationError(_("This answer is not one of those offered."))
    request = (
        FeedbackRequest.objects.select_for_update().select_related("dysfunction").get(pk=request_id)
    )
    request.answer = answer
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    record(
        request.dysfunction,
        actor=request.recipient,
        reason=_("Feedback from the field: %(answer)s.") % {"answer": FeedbackAnswer(answer).label},
        notify=False,
    )
    return request


# --- notifications -------------------------------------------------------------------------


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- proposals -----------------------------------------------------------------------------


def _lock_proposal(proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _check_dysfunctions(proposal_territory_id, dysfunctions):
    # Read the states from the database, not from what the caller holds.
    dysfunctions = list(Dysfunction.objects.filter(pk__in=[d.pk for d in dysfunctions]))
    if not dysfunctions:
        raise ValidationError({"dysfunctions": _("A proposal answers at least one dysfunction.")})
    for d in dysfunctions:
        if d.territory_id != proposal_territory_id:
            raise ValidationError(
                {
                    "dysfunctions": _("%(reference)s belongs to another territory.")
                    % {"reference": d.reference}
                }
            )
        if d.state not in (S.QUALIFIED, S.SCHEDULED, S.ESCALATED):
            raise ValidationError(
                {
                    "dysfunctions": _(
                        "%(reference)s is “%(state)s”: only qualified dysfunctions can be "
                        "carried by a proposal."
                    )
                    % {"reference": d.reference, "state": d.get_state_display()}
                }
            )
    return dysfunctions


@transaction.atomic
def proposal_create(
    *, actor, tactical_table, title, rationale, request, resources="", dysfunctions
) -> Proposal:
    """The pilot drafts a proposal answering one or more qualified dysfunctions."""
    ensure(actor, "register.proposal.manage", tactical_table.territory)
    if tactical_table.kind != Table.Kind.TACTICAL:
        raise ValidationError({"tactical_table": _("Choose a tactical table.")})
    dysfunctions = _check_dysfunctions(tactical_table.territory_id, dysfunctions)
    _check_personal_data(
        {"title": title, "rationale": rationale, "request": request, "resources": resources}
    )
    proposal = Proposal(
        territory_id=tactical_table.territory_id,
        tactical_table=tactical_table,
        title=title,
        rationale=rationale,
        request=request,
        resources=resources,
        created_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    proposal.dysfunctions.set(dysfunctions)
    record(proposal, actor=actor, from_state="")
    return proposal


@transaction.atomic
def proposal_adopt(*, proposal, actor, meeting, reason: str = "") -> Proposal:
    """The tactical table adopted the proposal in a meeting: its dysfunctions are now carried
    to the strategic level, and their filers are told."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    _refuse_unless_allowed(proposal, "adopt")
    _check_meeting(meeting, table_id=proposal.tactical_table_id, held=True)
    transition(
        proposal,
        "adopt",
        actor=actor,
        reason=reason or _("Adopted in %(meeting)s.") % {"meeting": meeting.display_title},
        adopted_at=timezone.now(),
        adopted_in=meeting,
    )
    for dysfunction in (
        Dysfunction.objects.select_for_update().filter(proposals=proposal).order_by("pk")
    ):
        if dysfunction.state == S.ESCALATED:
            continue
        transition(
            dysfunction,
            "escalate",
            actor=actor,
            reason=_(
                "Carried by proposal %(reference)s “%(title)s”, adopted by the tactical table."
            )
            % {"reference": proposal.reference, "title": proposal.title},
        )
    return proposal


@transaction.atomic
def proposal_submit(*, proposal, actor, strategic_table, reason: str = "") -> Proposal:
    """The pilot sends the adopted proposal to a strategic table of the territory."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    if strategic_table.kind != Table.Kind.STRATEGIC or (
        strategic_table.territory_id != proposal.territory_id
    ):
        raise ValidationError({"strategic_table": _("Choose a strategic table of the territory.")})
    transition(
        proposal,
        "submit",
        actor=actor,
        reason=reason,
        strategic_table=strategic_table,
        submitted_at=timezone.now(),
    )
    return proposal


@transaction.atomic
def proposal_schedule(*, proposal, actor, meeting, reason: str = "") -> Proposal:
    """The proposal is put on the agenda of a meeting of the strategic table, as an item for
    decision that links to it."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    _refuse_unless_allowed(proposal, "schedule")
    _check_meeting(meeting, table_id=proposal.strategic_table_id, held=False)
    agenda_item_add(
        meeting=meeting,
        actor=actor,
        title=f"{proposal.reference} — {proposal.title}"[:250],
        kind=AgendaItem.Kind.DECISION,
        subject=proposal,
        description=proposal.request,
    )
    transition(
        proposal,
        "schedule",
        actor=actor,
        reason=reason or _("On the agenda of %(meeting)s.") % {"meeting": meeting.display_title},
        scheduled_in=meeting,
    )
    return proposal


@transaction.atomic
def proposal_record_position(*, proposal, actor, position: str, comment: str = ""):
    """An executive says, before the meeting, whether they support the proposal. Recording it
    again replaces the earlier position."""
    proposal = _lock_proposal(proposal)
    if not proposal.strategic_table_id:
        raise PermissionDenied
    ensure(actor, "register.proposal.position", proposal)
    _check_personal_data({"comment": comment})
    record, _created = ExecutivePosition.objects.update_or_create(
        proposal=proposal,
        user=actor,
        defaults={"position": position, "comment": comment, "recorded_at": timezone.now()},
    )
    record.full_clean()
    return record


@transaction.atomic
def proposal_decide(*, proposal, actor, decision: str, reason: str, due_date=None) -> Proposal:
    """Record the strategic table's decision, taken in the meeting where the proposal was on
    the agenda: approved, approved with changes, rejected or deferred, always with a reason.
    An approval goes to the decision register, to be followed until done. Every linked
    dysfunction follows and its filers are told."""
    reason = _require_reason(reason)
    if decision not in DECISION_STATES:
        raise ValidationError({"decision": _("Choose one of the strategic table's decisions.")})
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    move = DECIDE[decision]
    _refuse_unless_allowed(proposal, move)
    meeting = proposal.scheduled_in
    if meeting is None:
        raise ValidationError(_("Put the proposal on a strategic agenda first."))
    _check_meeting(meeting, held=True)
    label = P(decision).label
    followed = None
    if decision in (P.APPROVED, P.APPROVED_WITH_CHANGES):
        item = _latest_item(proposal, kind=Table.Kind.STRATEGIC)
        followed = decision_record(
            meeting=meeting,
            actor=actor,
            text=f"{proposal.reference} {proposal.title} — {label}. {reason}",
            owner=actor,
            due_date=due_date,
            item=item if item is not None and item.meeting_id == meeting.pk else None,
        )
    transition(
        proposal,
        move,
        actor=actor,
        reason=reason,
        decision_reason=reason,
        decided_at=timezone.now(),
        decision=followed,
    )
    text = _("Strategic table on proposal %(reference)s: %(decision)s. %(reason)s") % {
        "reference": proposal.reference,
        "decision": label,
        "reason": reason,
    }
    for dysfunction in (
        Dysfunction.objects.select_for_update().filter(proposals=proposal).order_by("pk")
    ):
        if dysfunction.state != S.ESCALATED:
            continue
        if decision in (P.APPROVED, P.APPROVED_WITH_CHANGES):
            transition(
                dysfunction, "decide", actor=actor, reason=text, outcome=text, decision=followed
            )
        elif decision == P.REJECTED:
            transition(dysfunction, "send_back", actor=actor, reason=text)
        else:
            record(dysfunction, actor=actor, reason=text)
    return proposal


@transaction.atomic
def proposal_mark_implemented(*, proposal, actor, reason: str = "") -> Proposal:
    """The approved change is in place; the linked dysfunctions are being implemented."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    transition(proposal, "implement", actor=actor, reason=reason)
    for dysfunction in (
        Dysfunction.objects.select_for_update()
        .filter(proposals=proposal, state=S.DECIDED)
        .order_by("pk")
    ):
        transition(dysfunction, "start_implementation", actor=actor, reason=reason)
    return proposal
