"""Queries the register's pages read, with their joins decided here so that each page runs a
fixed number of SQL queries whatever the number of dysfunctions."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from directory.models import Organisation
from meetings.models import MINUTES_STATUSES, AgendaItem, MinutesVersion
from portal.permissions import access, visible_to

from .models import (
    Dysfunction,
    DysfunctionEvent,
    ExecutivePosition,
    FeedbackAnswer,
    FeedbackRequest,
    Notification,
    Proposal,
    ProposalEvent,
)
from .models.dysfunctions import DysfunctionState
from .models.proposals import AWAITING_POSITION_STATES
from .rules import organisations_named_in


def dysfunction_list_visible_to(user):
    return (
        visible_to(user, Dysfunction.objects.all())
        .select_related("category", "commune", "filer", "territory")
        .order_by("-submitted_at", "-created_at", "-pk")
    )


def dysfunction_list_for_filer(user):
    return list(
        Dysfunction.objects.filter(filer=user)
        .select_related("category")
        .order_by("-updated_at", "-pk")[:20]
    )


def dysfunction_list_to_triage(user):
    """The submitted dysfunctions the user may triage, oldest first; a queryset, which the
    triage list pages and the landing panel cuts short."""
    submitted = Dysfunction.objects.filter(state=DysfunctionState.SUBMITTED)
    return (
        visible_to(user, submitted, action="register.dysfunction.triage")
        .select_related("category", "commune")
        .order_by("submitted_at", "pk")
    )


def dysfunction_detail_queryset(user):
    """The dysfunctions the user may see, with everything a dysfunction's page shows."""
    return (
        dysfunction_list_visible_to(user)
        .select_related(
            "merged_into",
            "reopened_from",
            "decision",
            "corridor__agreement",
            "corridor__from_service",
            "corridor__to_service",
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=_agenda_items()),
            "services__organisation",
            "organisations",
            "attachments",
            Prefetch("events", queryset=DysfunctionEvent.objects.select_related("actor")),
            Prefetch("merged_dysfunctions", queryset=Dysfunction.objects.select_related("filer")),
            "recurrences",
            Prefetch("proposals", queryset=Proposal.objects.order_by("-created_at")),
            Prefetch(
                "feedback_requests",
                queryset=FeedbackRequest.objects.exclude(answer="").select_related("recipient"),
            ),
        )
    )


def dysfunction_merge_candidates(dysfunction):
    return (
        Dysfunction.objects.filter(
            territory_id=dysfunction.territory_id,
            state__in=[
                DysfunctionState.SUBMITTED,
                DysfunctionState.INFORMATION_REQUESTED,
                DysfunctionState.QUALIFIED,
                DysfunctionState.SCHEDULED,
                DysfunctionState.ESCALATED,
                DysfunctionState.DECIDED,
                DysfunctionState.IMPLEMENTING,
            ],
        )
        .exclude(pk=dysfunction.pk)
        .order_by("-submitted_at")
    )


def notification_list_for(user, limit=50):
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("event__dysfunction", "event__actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def notification_unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def proposal_list_visible_to(user):
    return (
        visible_to(user, Proposal.objects.all())
        .select_related("tactical_table", "strategic_table")
        .annotate(dysfunction_count=Count("dysfunctions", distinct=True))
        .order_by("-created_at", "-pk")
    )


def proposal_awaiting_position(user, limit: int = 10):
    """The oldest proposals waiting for the strategic tables where this person sits and on
    which they have not recorded a position yet (at most `limit`)."""
    a = access(user)
    mine = ExecutivePosition.objects.filter(proposal=OuterRef("pk"), user=user)
    return list(
        Proposal.objects.filter(
            strategic_table_id__in=a.table_ids, state__in=AWAITING_POSITION_STATES
        )
        .exclude(Exists(mine))
        .select_related("strategic_table")
        .order_by("submitted_at", "pk")[:limit]
    )


def _agenda_items():
    return AgendaItem.objects.select_related("meeting__table").order_by("meeting__starts_at")


def minutes_excerpts(items) -> dict:
    """What the latest minutes of each meeting say about each agenda item: {item pk: text}."""
    meeting_ids = {i.meeting_id for i in items if i.meeting.status in MINUTES_STATUSES}
    if not meeting_ids:
        return {}
    wanted = {i.pk for i in items}
    latest = {}
    for version in MinutesVersion.objects.filter(meeting_id__in=meeting_ids).order_by("-number"):
        latest.setdefault(version.meeting_id, version)
    texts = {}
    for version in latest.values():
        for entry in version.items:
            if entry.get("item") in wanted and entry.get("text", "").strip():
                texts[entry["item"]] = entry["text"].strip()
    return texts


def proposal_detail_queryset(user):
    """The proposals the user may see, with everything a proposal's page shows."""
    return (
        visible_to(user, Proposal.objects.all())
        .select_related(
            "tactical_table",
            "strategic_table",
            "created_by",
            "adopted_in__table",
            "scheduled_in__table",
            "decision",
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=_agenda_items()),
            Prefetch(
                "dysfunctions",
                queryset=Dysfunction.objects.select_related("category", "commune").prefetch_related(
                    Prefetch("agenda_items", queryset=_agenda_items()),
                    Prefetch(
                        "events",
                        queryset=DysfunctionEvent.objects.select_related("actor").filter(
                            ~Q(from_state="")
                        ),
                    ),
                ),
            ),
            Prefetch("events", queryset=ProposalEvent.objects.select_related("actor")),
            Prefetch("positions", queryset=ExecutivePosition.objects.select_related("user")),
        )
    )


def service_dysfunctions(user, service, *, latest: int = 5) -> dict:
    """What a service's page tells of the register: the dysfunctions that name the service, as
    the person may see them, counted by state, and the latest ones."""
    named = visible_to(user, Dysfunction.objects.all()).filter(
        pk__in=Dysfunction.services.through.objects.filter(service_id=service.pk).values(
            "dysfunction_id"
        )
    )
    counts = dict(
        named.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {
        "by_state": [
            (label, counts[value]) for value, label in DysfunctionState.choices if counts.get(value)
        ],
        "total": sum(counts.values()),
        "latest": list(named.select_related("category").order_by("-submitted_at", "-pk")[:latest]),
    }


def organisations_answering(user, dysfunction):
    """The organisations named in a dysfunction in whose name `user` may answer it."""
    named = Organisation.objects.filter(pk__in=organisations_named_in(dysfunction))
    return visible_to(user, named, "register.dysfunction.answer").order_by("name")


def feedback_request_queryset():
    """The feedback requests a signed link may open (the signature is the permission)."""
    return FeedbackRequest.objects.select_related("dysfunction")


def feedback_nothing_changed_for_pilot(user):
    """Closed dysfunctions whose filer answered that nothing changed, in the territories the user
    triages, until the pilot reopens them as a new dysfunction; most recent answer first."""
    dysfunctions = visible_to(
        user,
        Dysfunction.objects.filter(state=DysfunctionState.CLOSED, recurrences__isnull=True),
        action="register.dysfunction.triage",
    )
    return (
        FeedbackRequest.objects.filter(answer=FeedbackAnswer.NO, dysfunction__in=dysfunctions)
        .select_related("dysfunction")
        .order_by("-answered_at", "-pk")
    )
