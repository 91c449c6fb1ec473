"""Demo meetings: a year of each table's meetings (past ones held, with attendance, minutes
and decisions; future ones convened or planned), found again by a stable identifier."""

import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from meetings.apps import meetings_changed
from meetings.models import (
    UPCOMING_STATUSES,
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    DecisionUpdate,
    DecisionVote,
    Meeting,
    MeetingHistory,
    MeetingStatus,
    MinutesVersion,
    SeatVote,
    VoteChoice,
)
from meetings.services import FOLLOW_UP_TITLE
from portal.demo import DemoContext

from .tables import STRATEGIC

DEMO_NAMESPACE = uuid.UUID("6f1d3c2e-8a53-4c1e-9d0b-3f7f2a9c1b10")

PLACES = {
    "table-tactique-touraine": "Maison départementale de la solidarité, Tours",
    "table-tactique-chinonais": "Salle du conseil, communauté de communes Chinon Vienne et Loire",
    "table-tactique-sud-touraine": "Centre hospitalier de Loches, salle de réunion du 2e étage",
    "table-strategique-touraine": "Hôtel du Département, salle Balzac, Tours",
}

# Offsets in days from the first build; the status each meeting reaches.
TACTICAL_CALENDAR = [
    (-300, MeetingStatus.PUBLISHED),
    (-210, MeetingStatus.PUBLISHED),
    (-120, MeetingStatus.MINUTES_APPROVED),
    (-30, MeetingStatus.MINUTES_DRAFTED),
    (-6, MeetingStatus.HELD),
    (21, MeetingStatus.CONVENED),
    (110, MeetingStatus.PLANNED),
]
STRATEGIC_CALENDAR = [
    (-240, MeetingStatus.PUBLISHED),
    (-60, MeetingStatus.MINUTES_APPROVED),
    (35, MeetingStatus.CONVENED),
    (190, MeetingStatus.PLANNED),
]

TACTICAL_ITEMS = [
    ("Sorties d'hospitalisation le vendredi soir : retours à domicile sans aide", "decision", 30),
    ("Délais d'entrée en SSIAD : état des listes d'attente", "discussion", 25),
    ("Mise à jour de l'annuaire commun « qui fait quoi »", "information", 15),
    ("Dysfonctionnements remontés par les gestionnaires de cas ce trimestre", "discussion", 30),
    ("Projet de fiche de liaison commune hôpital – domicile", "decision", 20),
    ("Transport vers les consultations spécialisées", "discussion", 20),
]
STRATEGIC_ITEMS = [
    (
        "Proposition des tables tactiques : astreinte sociale de sortie d'hospitalisation",
        "decision",
        40,
    ),
    ("Financement d'un poste de coordination du transport solidaire", "decision", 30),
    ("Indicateurs du dispositif : ruptures de parcours signalées", "information", 20),
]

DECISIONS = [
    "Rédiger avec le CHU une fiche de liaison commune pour les sorties du vendredi.",
    "Recenser chaque semaine les places libres en SSIAD et les partager aux gestionnaires de cas.",
    "Organiser une rencontre avec les bailleurs sociaux sur l'adaptation des logements.",
    "Mettre à jour les critères d'admission de l'accueil de jour dans l'annuaire commun.",
    "Étudier une astreinte téléphonique commune le week-end.",
    "Présenter à la table stratégique la proposition de transport solidaire.",
]
STRATEGIC_DECISIONS = [
    "Financer un an, à titre expérimental, une astreinte sociale de sortie d'hospitalisation.",
    "Demander aux tables tactiques un bilan des délais d'entrée en SSIAD pour la prochaine séance.",
    "Reporter la décision sur le poste de coordination du transport, faute de cofinancement.",
]

SUMMARY = (
    "La séance est ouverte par la pilote du dispositif, qui rappelle l'ordre du jour et "
    "constate le quorum."
)
ITEM_MINUTES = [
    "Les participants font le point sur les décisions précédentes ; voir le tableau de suivi.",
    "Le CHU présente les chiffres du trimestre : **14 sorties** le vendredi sans aide à domicile "
    "organisée. Le SSIAD signale qu'il ne peut pas prendre de nouvelle personne le week-end.",
    "Les délais d'entrée sont de trois à six semaines selon les secteurs. Le CLIC propose un "
    "tableau partagé des places.",
    "L'annuaire commun compte désormais toutes les structures du territoire ; il reste à vérifier "
    "les critères de plusieurs services.",
]


def _when(start: date, offset: int, hour: int, minute: int = 0) -> datetime:
    day = start + timedelta(days=offset)
    while day.weekday() >= 5:  # tables meet on working days
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _seed_vote(decision, table, rows, rank, pilot):
    """The table's vote on its first decision of the sitting, when the quorum was met: by seat
    at one sitting, counted at the next (a represented seat votes through its substitute)."""
    voting = [r for r in rows if r.presence in ("present", "represented")]
    required = table.quorum_required(len(rows))
    if not voting or len(voting) < required:
        return
    choices = [VoteChoice.FOR] * (len(voting) - 1) + [VoteChoice.ABSTAIN]
    vote = DecisionVote.objects.create(
        meeting_id=decision.meeting_id,
        decision=decision,
        method=DecisionVote.Method.SEATS if rank % 2 == 0 else DecisionVote.Method.COUNTS,
        votes_for=choices.count(VoteChoice.FOR),
        abstentions=choices.count(VoteChoice.ABSTAIN),
        present=len(voting),
        quorum_required=required,
        recorded_by=pilot,
        recorded_at=decision.created_at,
    )
    if vote.method == DecisionVote.Method.SEATS:
        SeatVote.objects.bulk_create(
            SeatVote(
                vote=vote,
                attendance=row,
                voter=row.represented_by or row.seat.user,
                choice=choice,
            )
            for row, choice in zip(voting, choices, strict=True)
        )


def seed_meetings(context: DemoContext, tables: dict, seats: dict, people: dict) -> None:
    """A year of meetings of each table, dated from today."""
    pilot = context.users["pilot"]
    start = timezone.localdate()
    for slug, table in tables.items():
        calendar = STRATEGIC_CALENDAR if table.kind == STRATEGIC else TACTICAL_CALENDAR
        members = [s for (s_slug, _), s in seats.items() if s_slug == slug and s.kind == "member"]
        for rank, (offset, status) in enumerate(calendar):
            _seed_meeting(table, rank, start, offset, status, members, pilot, people)
    meetings_changed()  # items, attendance and votes written in bulk, without their signals


def _seed_meeting(table, rank, start, offset, status, members, pilot, people):
    uid = uuid.uuid5(DEMO_NAMESPACE, f"{table.slug}/{rank}")
    if Meeting.objects.filter(uid=uid).exists():
        return
    strategic = table.kind == STRATEGIC
    starts_at = _when(start, offset, 9 if strategic else 14, 30 if strategic else 0)
    meeting = Meeting.objects.create(
        table=table,
        uid=uid,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2, minutes=30 if strategic else 0),
        place=PLACES[table.slug],
        video_url="" if strategic else f"https://visio.example.org/{table.slug}",
        status=status,
        convened_at=None
        if status == MeetingStatus.PLANNED
        else starts_at - timedelta(days=table.notice_days + 4),
    )
    MeetingHistory.objects.create(
        meeting=meeting,
        actor=pilot,
        from_state=MeetingStatus.PLANNED,
        to_state=status,
        reason="Réunion reprise de l'historique du dispositif",
        at=meeting.convened_at or timezone.now(),
    )

    pool = STRATEGIC_ITEMS if strategic else TACTICAL_ITEMS
    chosen = [pool[(rank + i) % len(pool)] for i in range(3)]
    past = status not in UPCOMING_STATUSES
    items = [
        AgendaItem(
            meeting=meeting,
            number=1,
            title=str(FOLLOW_UP_TITLE),
            kind=AgendaItem.Kind.INFORMATION,
            duration_minutes=15,
            is_follow_up=True,
            dealt_with=past,
        )
    ]
    for number, (title, kind, minutes) in enumerate(chosen, start=2):
        items.append(
            AgendaItem(
                meeting=meeting,
                number=number,
                title=title,
                kind=kind,
                duration_minutes=minutes,
                presenter=members[(rank + number) % len(members)].user if members else None,
                # The last item of the most recent meetings ran out of time.
                dealt_with=past and not (number == 4 and offset > -60),
            )
        )
    AgendaItem.objects.bulk_create(items)
    items = list(meeting.items.order_by("number"))

    if status == MeetingStatus.PLANNED:
        return
    presences = ["present", "present", "excused", "present", "represented", "absent"]
    answers = ["coming", "substitute", "not_coming", "none", "coming", "none"]
    rows = []
    for index, seat in enumerate(members):
        row = Attendance(meeting=meeting, seat=seat)
        if past:
            row.presence = presences[index % len(presences)]
            if row.presence == "represented":
                substitute = seat.substitutes.first()
                row.represented_by = substitute.user if substitute else people["pilot"]
            row.answer = "coming" if row.presence in ("present", "represented") else "not_coming"
        else:
            row.answer = answers[index % len(answers)]
            if row.answer == "substitute":
                # The substitute she sends (a seat without one would come itself).
                row.substitute = seat.substitutes.first()
                row.answer = "substitute" if row.substitute else "coming"
        if row.answer != "none":
            row.answered_at = meeting.convened_at + timedelta(days=2)
        rows.append(row)
    Attendance.objects.bulk_create(rows)
    if not past:
        return

    if status != MeetingStatus.HELD:
        MinutesVersion.objects.create(
            meeting=meeting,
            number=1,
            summary=SUMMARY,
            items=[
                {"item": i.pk, "number": i.number, "title": i.title, "text": ITEM_MINUTES[0]}
                for i in items
            ],
            author=pilot,
            created_at=starts_at + timedelta(days=2),
        )
        MinutesVersion.objects.create(
            meeting=meeting,
            number=2,
            summary=SUMMARY,
            items=[
                {
                    "item": i.pk,
                    "number": i.number,
                    "title": i.title,
                    "text": ITEM_MINUTES[min(n, len(ITEM_MINUTES) - 1)],
                }
                for n, i in enumerate(items)
            ],
            author=pilot,
            created_at=starts_at + timedelta(days=4),
            note="Relecture par les membres",
        )

    texts = STRATEGIC_DECISIONS if strategic else DECISIONS
    owners = [s.user for s in members] or [pilot]
    for n in range(2):
        text = texts[(rank * 2 + n) % len(texts)]
        age = -offset
        # Older decisions are done or dropped; recent ones open or in progress; some overdue.
        if age > 200:
            final = DecisionStatus.DONE if n == 0 else DecisionStatus.DROPPED
        elif age > 90:
            final = DecisionStatus.IN_PROGRESS if n == 0 else DecisionStatus.DONE
        else:
            final = DecisionStatus.OPEN
        due = (starts_at + timedelta(days=60 if n == 0 else 150)).date()
        decision = Decision.objects.create(
            meeting=meeting,
            item=items[min(n + 1, len(items) - 1)],
            text=text,
            owner=owners[(rank + n) % len(owners)],
            due_date=due,
            status=final,
            created_by=pilot,
            created_at=starts_at + timedelta(hours=2),
        )
        DecisionUpdate.objects.create(
            decision=decision,
            actor=pilot,
            from_state="",
            to_state=DecisionStatus.OPEN,
            reason="Décision enregistrée",
            at=decision.created_at,
        )
        if n == 0:
            _seed_vote(decision, table, rows, rank, pilot)
        if final != DecisionStatus.OPEN:
            DecisionUpdate.objects.create(
                decision=decision,
                actor=decision.owner,
                from_state=DecisionStatus.OPEN,
                to_state=final,
                reason={
                    DecisionStatus.DONE: "Réalisé : le document est diffusé aux partenaires.",
                    DecisionStatus.DROPPED: "Abandonné : le financement n'a pas été obtenu.",
                    DecisionStatus.IN_PROGRESS: "Premières rencontres organisées.",
                }[final],
                at=decision.created_at + timedelta(days=30),
            )
