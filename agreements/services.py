"""Everything that changes an agreement: draft it, edit it, set its corridors, comment on it,
and move it through its life cycle (proposed to the tactical table, adopted by one of the
table's decisions, in force, under review, ended)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementComment, Corridor
from agreements.selectors import agreement_recipients
from directory.models import Organisation, Service
from meetings.models import Decision, Table
from portal.files import removes_files_on_failure, validate_upload
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.privacy import check_texts
from portal.transitions import record, transition

AGREEMENT_TEXTS = ("title", "public", "procedure", "commitments")


def notify_of_event(agreement: Agreement, entry) -> None:
    """Tell the parties' editors and the pilots that an agreement moved."""
    if entry.from_state == entry.to_state:
        return
    notify_by_email(
        to=agreement_recipients(agreement),
        template="agreements/email/agreement_changed",
        context={"agreement": agreement, "entry": entry},
    )


def _check_dates(effective_from: date | None, review_on: date | None, ends_on: date | None):
    errors = {}
    if effective_from and ends_on and ends_on < effective_from:
        errors["ends_on"] = _("The agreement cannot end before it comes into force.")
    if effective_from and review_on and review_on < effective_from:
        errors["review_on"] = _("The review comes after the agreement comes into force.")
    for name, value in (("effective_from", effective_from), ("review_on", review_on),
                        ("ends_on", ends_on)):  # fmt: skip
        if value and not (2000 <= value.year <= 2100):
            errors[name] = _("Give a date between 2000 and 2100.")
    if errors:
        raise ValidationError(errors)


def _check_parties(territory, parties) -> list[Organisation]:
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement binds at least two organisations.")})
    return parties


def _save_document(agreement: Agreement, document) -> None:
    if document is None:
        return
    try:
        validate_upload(document)
    except ValidationError as error:
        raise ValidationError({"signed_document": error.messages}) from error
    agreement.signed_document.save(document.name, document, save=False)


@removes_files_on_failure
@transaction.atomic
def agreement_create(
    *,
    actor,
    territory,
    title: str,
    parties,
    public: str,
    procedure: str = "",
    commitments: str = "",
    effective_from: date | None = None,
    review_on: date | None = None,
    ends_on: date | None = None,
    signed_document=None,
) -> Agreement:
    """The pilot drafts an agreement between organisations of the territory."""
    ensure(actor, "agreements.agreement.create", territory)
    check_texts(title=title, public=public, procedure=procedure, commitments=commitments)
    _check_dates(effective_from, review_on, ends_on)
    parties = _check_parties(territory, parties)
    agreement = Agreement(
        territory=territory,
        title=title.strip(),
        public=public.strip(),
        procedure=procedure.strip(),
        commitments=commitments.strip(),
        effective_from=effective_from,
        review_on=review_on,
        ends_on=ends_on,
        created_by=actor,
    )
    agreement.full_clean(exclude=["signed_document"])
    agreement.save()
    agreement.parties.set(parties)
    _save_document(agreement, signed_document)
    if signed_document is not None:
        agreement.save(update_fields=["signed_document"])
    record(agreement, actor=actor, from_state="", reason=_("Agreement drafted"), notify=False)
    return agreement


@removes_files_on_failure
@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, signed_document=None, **fields) -> Agreement:
    """The pilot edits the text, the parties, the dates or the signed document. Once adopted,
    the text is the one the table adopted: only dates and the signed document change."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    ensure(actor, "agreements.agreement.manage", agreement)
    if agreement.state == Agreement.State.ENDED:
        raise ValidationError(_("An ended agreement is no longer edited."))
    adopted = agreement.state not in (Agreement.State.DRAFT, Agreement.State.PROPOSED)
    texts = {name: fields[name] for name in AGREEMENT_TEXTS if name in fields}
    if adopted and any(getattr(agreement, k) != v.strip() for k, v in texts.items()):
        raise ValidationError(
            _("The table adopted this text: open a review to change it, then have it adopted.")
        )
    check_texts(**texts)
    parties = fields.pop("parties", None)
    for name, value in fields.items():
        setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    _check_dates(agreement.effective_from, agreement.review_on, agreement.ends_on)
    agreement.full_clean(exclude=["signed_document"])
    _save_document(agreement, signed_document)
    agreement.save()
    if parties is not None and not adopted:
        agreement.parties.set(_check_parties(agreement.territory, parties))
    return agreement


@transaction.atomic
def corridor_add(
    *,
    actor,
    agreement: Agreement,
    from_service: Service,
    to_service: Service,
    public: str,
    channel: str,
    channel_details: str = "",
    response_days: int | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
) -> Corridor:
    """Say which service refers whom to which, how, and how fast the answer comes."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    ensure(actor, "agreements.agreement.manage", agreement)
    if agreement.state not in (Agreement.State.DRAFT, Agreement.State.PROPOSED):
        raise ValidationError(_("Corridors are set before the table adopts the agreement."))
    check_texts(public=public, channel_details=channel_details)
    party_ids = set(agreement.parties.values_list("pk", flat=True))
    errors = {}
    if from_service.organisation_id not in party_ids:
        errors["from_service"] = _("The referring service belongs to no party of the agreement.")
    if to_service.organisation_id not in party_ids:
        errors["to_service"] = _("The receiving service belongs to no party of the agreement.")
    if from_service.pk == to_service.pk:
        errors["to_service"] = _("A corridor links two different services.")
    if errors:
        raise ValidationError(errors)
    corridor = Corridor(
        agreement=agreement,
        from_service=from_service,
        to_service=to_service,
        public=public.strip(),
        channel=channel,
        channel_details=channel_details.strip(),
        response_days=response_days,
        age_min=age_min,
        age_max=age_max,
    )
    corridor.full_clean()
    corridor.save()
    return corridor


@transaction.atomic
def corridor_remove(*, actor, corridor: Corridor) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=corridor.agreement_id)
    ensure(actor, "agreements.agreement.manage", agreement)
    if agreement.state not in (Agreement.State.DRAFT, Agreement.State.PROPOSED):
        raise ValidationError(_("Corridors are set before the table adopts the agreement."))
    corridor.delete()


@transaction.atomic
def agreement_comment(
    *, actor, agreement: Agreement, text: str, organisation: Organisation | None = None
):
    """A party's editor comments on the draft; the pilot reads it before the table."""
    ensure(actor, "agreements.agreement.comment", agreement)
    if organisation is not None and not agreement.parties.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("This organisation is no party to it.")})
    check_texts(text=text)
    if not text or not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = AgreementComment(
        agreement=agreement, author=actor, organisation=organisation, text=text.strip()
    )
    comment.full_clean()
    comment.save()
    return comment


def agreement_propose(*, actor, agreement: Agreement, table: Table, reason: str = ""):
    """Put the agreement before a tactical table of its territory."""
    if table.kind != Table.Kind.TACTICAL or table.territory_id != agreement.territory_id:
        raise ValidationError({"table": _("Choose a tactical table of the agreement's territory.")})
    if not agreement.corridors.exists():
        raise ValidationError(_("Set at least one corridor before proposing the agreement."))
    return transition(agreement, "propose", actor=actor, reason=reason, table=table)


def agreement_adopt(*, actor, agreement: Agreement, decision: Decision, reason: str = ""):
    """Record that the table adopted the agreement, by the decision of a held meeting."""
    if decision.meeting.table_id != agreement.table_id:
        raise ValidationError(
            {"decision": _("Choose a decision of the table the agreement was proposed to.")}
        )
    return transition(agreement, "adopt", actor=actor, reason=reason, decision=decision)


def agreement_move(*, actor, agreement: Agreement, name: str, reason: str = ""):
    """The other moves of the life cycle: bring into force, review, renew, end, send back."""
    if name in ("propose", "adopt"):
        raise ValidationError(_("This step needs its own form."))
    if name == "end" and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the agreement ends.")})
    check_texts(reason=reason)
    return transition(agreement, name, actor=actor, reason=reason)
