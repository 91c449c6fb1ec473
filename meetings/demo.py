"""Demo territory, part three: the tactical and strategic tables, their members and
substitutes, and a year of meetings (past ones held, with attendance, minutes and decisions;
future ones convened or planned).

Rows are found by stable keys (table slugs, e-mail addresses, a meeting identifier derived from
the table and its rank) so that running the seeder again adds nothing. Meetings are dated from
the day the demo is first built; nothing is mailed."""

import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from meetings.models import (
    UPCOMING_STATUSES,
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    DecisionUpdate,
    Meeting,
    MeetingHistory,
    MeetingStatus,
    MinutesVersion,
    Seat,
    Table,
)
from meetings.services import FOLLOW_UP_TITLE, table_collection_ensure
from portal.demo import DEMO_PASSWORD, DemoContext

MANDATE_START = date(2026, 1, 1)
DEMO_NAMESPACE = uuid.UUID("6f1d3c2e-8a53-4c1e-9d0b-3f7f2a9c1b10")

TACTICAL, STRATEGIC = Table.Kind.TACTICAL, Table.Kind.STRATEGIC

# slug, name, kind, description, quorum (kind, value)
TABLES = [
    (
        "table-tactique-touraine",
        "Table tactique de Touraine",
        TACTICAL,
        "Responsables des services de l'agglomération tourangelle et du nord du département.",
        ("share", 50),
    ),
    (
        "table-tactique-chinonais",
        "Table tactique du Chinonais",
        TACTICAL,
        "Responsables des services du Chinonais, du Véron et du Bourgueillois.",
        ("count", 3),
    ),
    (
        "table-tactique-sud-touraine",
        "Table tactique du Sud Touraine",
        TACTICAL,
        "Responsables des services du Lochois, du Ligueillois et du Richelais.",
        ("share", 50),
    ),
    (
        "table-strategique-touraine",
        "Table stratégique de Touraine",
        STRATEGIC,
        "Financeurs, ARS, Département, communes et représentants des usagers : valide les "
        "propositions des tables tactiques et décide.",
        ("share", 50),
    ),
]

# Extra demo people: key, e-mail, first name, last name, job title.
PEOPLE = [
    (
        "chu",
        "m.lefebvre@example.org",
        "Mathieu",
        "Lefebvre",
        "Cadre de santé, service social du CHU",
    ),
    (
        "ssiad_tours",
        "a.riviere@example.org",
        "Agnès",
        "Rivière",
        "Infirmière coordinatrice du SSIAD",
    ),
    ("ccas_tours", "y.bouvier@example.org", "Yann", "Bouvier", "Directeur du CCAS de Tours"),
    ("had", "c.marchand@example.org", "Céline", "Marchand", "Médecin coordonnateur de l'HAD"),
    (
        "saad",
        "f.perret@example.org",
        "Fabrice",
        "Perret",
        "Responsable de secteur, aide à domicile",
    ),
    ("clic_sub", "l.gauthier@example.org", "Léa", "Gauthier", "Conseillère du CLIC"),
    ("chu_sub", "s.dumont@example.org", "Stéphane", "Dumont", "Assistant social du CHU"),
    (
        "ch_chinon",
        "e.vasseur@example.org",
        "Élodie",
        "Vasseur",
        "Cadre socio-éducative du CH du Chinonais",
    ),
    (
        "ssiad_chinon",
        "t.renaud@example.org",
        "Thierry",
        "Renaud",
        "Infirmier coordinateur du SSIAD",
    ),
    ("ccas_chinon", "m.aubert@example.org", "Marion", "Aubert", "Responsable du CCAS de Chinon"),
    ("msp_richelais", "r.collet@example.org", "Romain", "Collet", "Médecin généraliste"),
    ("ch_loches", "j.poirier@example.org", "Juliette", "Poirier", "Cadre de santé du CH de Loches"),
    (
        "clic_loches",
        "b.masson@example.org",
        "Bertrand",
        "Masson",
        "Coordinateur du CLIC du Lochois",
    ),
    ("admr_loches", "n.charpentier@example.org", "Noémie", "Charpentier", "Directrice de l'ADMR"),
    ("transport", "g.lemoine@example.org", "Gilles", "Lemoine", "Président du transport solidaire"),
    ("ssiad_sud", "k.hamel@example.org", "Karima", "Hamel", "Infirmière coordinatrice du SSIAD"),
    ("ars", "p.giraud@example.org", "Pascal", "Giraud", "Délégué départemental de l'ARS"),
    (
        "ars_sub",
        "v.leclerc@example.org",
        "Valérie",
        "Leclerc",
        "Chargée de mission parcours à l'ARS",
    ),
    ("carsat", "o.fabre@example.org", "Olivier", "Fabre", "Responsable de l'action sociale"),
    ("ville", "i.robin@example.org", "Isabelle", "Robin", "Adjointe aux solidarités"),
    ("usagers", "d.meunier@example.org", "Denis", "Meunier", "Représentant des usagers"),
    ("dept_sub", "a.noel@example.org", "Aurélie", "Noël", "Cheffe du service autonomie"),
]

# table slug, person key, organisation, substitute of (person key) or None
SEATS = [
    ("table-tactique-touraine", "tactical_member", "CLIC Touraine Nord-Ouest", None),
    ("table-tactique-touraine", "chu", "Centre hospitalier universitaire de Tours", None),
    ("table-tactique-touraine", "ssiad_tours", "SSIAD de l'agglomération tourangelle", None),
    ("table-tactique-touraine", "ccas_tours", "CCAS de Tours", None),
    ("table-tactique-touraine", "had", "HAD Touraine", None),
    ("table-tactique-touraine", "saad", "Service d'aide à domicile Touraine Services", None),
    ("table-tactique-touraine", "clic_sub", "CLIC Touraine Nord-Ouest", "tactical_member"),
    ("table-tactique-touraine", "chu_sub", "Centre hospitalier universitaire de Tours", "chu"),
    ("table-tactique-chinonais", "ch_chinon", "Centre hospitalier du Chinonais", None),
    ("table-tactique-chinonais", "ssiad_chinon", "SSIAD du Véron et du Chinonais", None),
    ("table-tactique-chinonais", "ccas_chinon", "CCAS de Chinon", None),
    ("table-tactique-chinonais", "msp_richelais", "Maison de santé du Richelais", None),
    ("table-tactique-sud-touraine", "ch_loches", "Centre hospitalier de Loches", None),
    ("table-tactique-sud-touraine", "clic_loches", "CLIC du Lochois", None),
    (
        "table-tactique-sud-touraine",
        "admr_loches",
        "Aide à domicile en milieu rural du Lochois",
        None,
    ),
    ("table-tactique-sud-touraine", "transport", "Transport solidaire Sud Touraine", None),
    ("table-tactique-sud-touraine", "ssiad_sud", "SSIAD du Sud Touraine", None),
    (
        "table-strategique-touraine",
        "executive",
        "Conseil départemental d'Indre-et-Loire – direction de l'autonomie",
        None,
    ),
    (
        "table-strategique-touraine",
        "ars",
        "Agence régionale de santé – délégation d'Indre-et-Loire",
        None,
    ),
    (
        "table-strategique-touraine",
        "carsat",
        "Caisse d'assurance retraite Centre-Val de Loire",
        None,
    ),
    ("table-strategique-touraine", "ville", "Ville de Tours", None),
    ("table-strategique-touraine", "usagers", "Collectif des usagers de santé de Touraine", None),
    (
        "table-strategique-touraine",
        "ars_sub",
        "Agence régionale de santé – délégation d'Indre-et-Loire",
        "ars",
    ),
    (
        "table-strategique-touraine",
        "dept_sub",
        "Conseil départemental d'Indre-et-Loire – direction de l'autonomie",
        "executive",
    ),
]

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


def _user(email, first_name, last_name, job_title, password_hash):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        # One hash for every demo person: hashing twenty passwords would take seconds.
        user = User.objects.create(
            email=email,
            password=password_hash,
            first_name=first_name,
            last_name=last_name,
            job_title=job_title,
            is_demo_account=True,
        )
    return user


def _when(start: date, offset: int, hour: int, minute: int = 0) -> datetime:
    day = start + timedelta(days=offset)
    while day.weekday() >= 5:  # tables meet on working days
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(context: DemoContext) -> None:
    people = dict(context.users)
    password_hash = make_password(DEMO_PASSWORD)
    for key, email, first_name, last_name, job_title in PEOPLE:
        people[key] = _user(email, first_name, last_name, job_title, password_hash)
    pilot = context.users["pilot"]

    tables = {}
    for slug, name, kind, description, (quorum_kind, quorum_value) in TABLES:
        table, created = Table.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "territory": context.territory}
        )
        if created or not table.description:
            table.description = description
            table.quorum_kind, table.quorum_value = quorum_kind, quorum_value
            table.save()
        table_collection_ensure(table=table)
        tables[slug] = table
    context.extra["tables"] = tables
    strategic = tables["table-strategique-touraine"]
    for table in tables.values():
        if table.kind == TACTICAL:
            table.feeds.add(strategic)

    seats = {}
    for slug, person, organisation_name, substitute_of in SEATS:
        seat, _ = Seat.objects.get_or_create(
            table=tables[slug],
            user=people[person],
            start_date=MANDATE_START,
            defaults={
                "organisation": context.organisations[organisation_name],
                "kind": Seat.Kind.SUBSTITUTE if substitute_of else Seat.Kind.MEMBER,
                "substitute_for": seats.get((slug, substitute_of)),
            },
        )
        seats[(slug, person)] = seat

    start = timezone.localdate()
    for slug, table in tables.items():
        calendar = STRATEGIC_CALENDAR if table.kind == STRATEGIC else TACTICAL_CALENDAR
        members = [s for (s_slug, _), s in seats.items() if s_slug == slug and s.kind == "member"]
        for rank, (offset, status) in enumerate(calendar):
            _seed_meeting(table, rank, start, offset, status, members, pilot, people)


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
            from_state=DecisionStatus.OPEN,
            to_state=DecisionStatus.OPEN,
            reason="Décision enregistrée",
            at=decision.created_at,
        )
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
