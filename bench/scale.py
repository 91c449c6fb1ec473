"""A region at scale: 30 territories, 20,000 services, 100 tables, 5,000 meetings, 100,000
dysfunctions, 2,000 proposals and 3,000 accounts, loaded with bulk inserts beside the demo
territory (`manage.py seed_scale`, see bench/README.md).

The demo territory (Touraine) takes a fifth of everything and the demo accounts are attached to
its loaded tables and records, so that their pages show a region's worth of rows."""

import random
import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from directory.demo import SERVICES_BY_KIND
from directory.models import Category, Condition, Membership, Organisation, Public, Service
from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    MinutesVersion,
    Seat,
    Table,
)
from portal import versions
from portal.demo import ACCOUNTS, DEMO_PASSWORD
from portal.models import Commune, RegionalCoordinator, Territory
from portal.models import Region as RegionRow
from register.demo import ROADS, SITUATIONS, STATE_PLAN
from register.models import Category as DysfunctionCategory
from register.models import (
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    Proposal,
    ProposalEvent,
    ProposalState,
)

S, P = DysfunctionState, ProposalState
FULL = {
    "territories": 30,
    "accounts": 3000,
    "organisations": 2000,
    "services": 20000,
    "tables": 100,
    "meetings": 5000,
    "dysfunctions": 100000,
    "proposals": 2000,
    "saved searches": 300,
}
HOME_SHARE = 0.2  # the demo territory's share of every kind of row
COMMUNES_PER_TERRITORY = 10
SEATS_PER_TABLE = 10
BATCH = 5000


class Region:
    """The counts at a scale factor, and the rows loaded so far, by territory."""

    def __init__(self, factor: float, stdout=None):
        self.counts = {k: max(2, round(v * factor)) for k, v in FULL.items()}
        self.counts["territories"] = max(2, min(30, self.counts["territories"]))
        self.counts["tables"] = max(self.counts["tables"], 2 * self.counts["territories"])
        self.rng = random.Random(14)
        self.now = timezone.now()
        self.stdout = stdout
        self.started = time.monotonic()

    def log(self, what):
        if self.stdout:
            self.stdout.write(f"{time.monotonic() - self.started:6.1f} s  {what}")

    def territory_index(self, i: int, total: int) -> int:
        """Row i of total goes to the demo territory (index 0) for the first fifth."""
        if i < max(1, total * HOME_SHARE):
            return 0
        return 1 + i % (len(self.territories) - 1)

    def time_share(self, i: int, total: int) -> float:
        """Where row i of total falls between the oldest (0) and now (1). Each territory's rows
        spread over the whole period, the demo territory's as much as the others': its fifth is
        not the oldest fifth of the region's history."""
        home = max(1, int(total * HOME_SHARE))
        if i < home:
            return (i + 1) / home
        return (i - home + 1) / max(1, total - home)


def already_loaded() -> bool:
    return Territory.objects.filter(slug__startswith="region-").exists()


def seed(factor: float = 1.0, stdout=None) -> dict:
    """Load the region. The demo territory must exist (seed_demo)."""
    region = Region(factor, stdout)
    with transaction.atomic():
        _territories(region)
        _accounts(region)
        _directory(region)
        _tables(region)
        _meetings(region)
        _dysfunctions(region)
        _proposals(region)
    _search_index(region)
    _saved_searches(region)
    # Written in bulk (no signal): what the directory and the register keep in the cache is
    # renewed.
    for name in ("directory", "register", "register-shared", "proposals"):
        versions.changed(name)
    if connection.vendor == "postgresql":
        # The planner's statistics and the visibility map, as autovacuum would keep them
        # (VACUUM cannot run inside a transaction, as in the tests).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    region.log("done")
    return region.counts


def _territories(region):
    home = Territory.objects.get(slug="touraine")
    region.row = _region_row(home)
    created = Territory.objects.bulk_create(
        Territory(name=f"Territoire {n:02d}", slug=f"region-{n:02d}", region=region.row)
        for n in range(1, region.counts["territories"])
    )
    region.territories = [home, *created]
    communes = [
        Commune(
            insee_code=f"9{t:02d}{c:02d}",
            name=f"Commune {c + 1} du territoire {t:02d}",
            postal_code=f"9{t:02d}{c:02d}",
            territory=territory,
        )
        for t, territory in enumerate(created, start=1)
        for c in range(COMMUNES_PER_TERRITORY)
    ]
    Commune.objects.bulk_create(communes, batch_size=BATCH)
    region.communes = {}
    for commune in Commune.objects.filter(territory__in=region.territories):
        region.communes.setdefault(commune.territory_id, []).append(commune)
    region.log(f"{len(region.territories)} territories, {len(communes)} new communes")


def _region_row(home) -> RegionRow:
    """The demo territory's region (seed_demo's), which the loaded territories join, so that
    the region's pages (its tables, its territories' indicators side by side, its directory)
    read every loaded territory; with its strategic table and a regional coordinator, made
    here if the demo has none."""
    row = home.region
    if row is None:
        row, _ = RegionRow.objects.get_or_create(
            slug="region-de-charge", defaults={"name": "Région de charge"}
        )
        Territory.objects.filter(pk=home.pk).update(region=row)
    if not Table.objects.filter(region=row).exists():
        Table.objects.create(
            name=f"Table régionale — {row.name}",
            slug="region-table-regionale",
            kind=Table.Kind.STRATEGIC,
            region=row,
            description="Table stratégique de la région.",
        )
    if not RegionalCoordinator.objects.filter(region=row).exists():
        coordinator, _ = get_user_model().objects.get_or_create(
            email="coordination@region.example.org",
            defaults={
                "first_name": "Coordination",
                "last_name": "Régionale",
                "job_title": "Coordination régionale",
                "password": make_password(DEMO_PASSWORD),
            },
        )
        RegionalCoordinator.objects.create(region=row, user=coordinator)
    return row


def _accounts(region):
    User = get_user_model()
    region.demo = {key: User.objects.get(email=row[0]) for key, row in ACCOUNTS.items()}
    password = make_password(DEMO_PASSWORD)
    total = region.counts["accounts"]
    users = User.objects.bulk_create(
        (
            User(
                email=f"personne{i}@region.example.org",
                first_name=f"Prénom{i}",
                last_name=f"Nom{i}",
                job_title="Professionnel du réseau",
                password=password,
            )
            for i in range(total)
        ),
        batch_size=BATCH,
    )
    region.people = {}
    for i, user in enumerate(users):
        region.people.setdefault(region.territory_index(i, total), []).append(user)
    region.log(f"{total} accounts")


def _directory(region):
    total_orgs, total = region.counts["organisations"], region.counts["services"]
    kinds = [k for k in SERVICES_BY_KIND if SERVICES_BY_KIND[k]]
    organisations = []
    for i in range(total_orgs):
        territory = region.territories[region.territory_index(i, total_orgs)]
        communes = region.communes[territory.pk]
        organisations.append(
            Organisation(
                name=f"Structure {i} de {communes[i % len(communes)].name}",
                slug=f"region-structure-{i}",
                kind=kinds[i % len(kinds)],
                territory=territory,
                commune=communes[i % len(communes)],
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    region.organisations = {}
    for organisation in organisations:
        region.organisations.setdefault(organisation.territory_id, []).append(organisation)
    memberships = [
        Membership(
            user=user, organisation=region.organisations[t.pk][n % len(region.organisations[t.pk])]
        )
        for index, t in enumerate(region.territories)
        for n, user in enumerate(region.people.get(index, []))
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    categories = {c.value: c for c in Category.objects.all()}
    publics = {p.value: p for p in Public.objects.all()}
    conditions = {c.value: c for c in Condition.objects.all()}
    # The partner's organisation gets a long list of services of its own.
    partner_org = Membership.objects.filter(user=region.demo["partner"]).first()
    rows, links = [], []
    for i in range(total):
        t = region.territory_index(i, total)
        territory = region.territories[t]
        if partner_org and t == 0 and i % 20 == 0:
            organisation = partner_org.organisation
        else:
            own = region.organisations[territory.pk]
            organisation = own[i % len(own)]
        templates = SERVICES_BY_KIND.get(organisation.kind) or SERVICES_BY_KIND[kinds[0]]
        name, summary, description, cats, pubs, age_min, age_max, access, conds, ref, whole = (
            region.rng.choice(templates)
        )
        rows.append(
            Service(
                organisation=organisation,
                name=f"{name} ({i})",
                slug=f"region-service-{i}",
                summary=summary,
                description=description,
                age_min=age_min,
                age_max=age_max,
                access_mode=access,
                referrers=ref,
                serves_whole_territory=whole,
                last_verified_on=(region.now - timedelta(days=i % 700)).date(),
                live=True,
            )
        )
        links.append((cats, pubs, conds, region.rng.sample(region.communes[territory.pk], 3)))
    services = Service.objects.bulk_create(rows, batch_size=2000)
    region.services = {}
    for service in services:
        region.services.setdefault(service.organisation.territory_id, []).append(service)
    through = {
        "categories": Service.categories.through,
        "publics": Service.publics.through,
        "required_conditions": Service.required_conditions.through,
        "communes_served": Service.communes_served.through,
    }
    m2m = {key: [] for key in through}
    for service, (cats, pubs, conds, served) in zip(services, links, strict=True):
        m2m["categories"] += [
            through["categories"](service_id=service.pk, category_id=categories[v].pk)
            for v in cats
            if v in categories
        ]
        m2m["publics"] += [
            through["publics"](service_id=service.pk, public_id=publics[v].pk)
            for v in pubs
            if v in publics
        ]
        m2m["required_conditions"] += [
            through["required_conditions"](service_id=service.pk, condition_id=conditions[v].pk)
            for v in conds
            if v in conditions
        ]
        m2m["communes_served"] += [
            through["communes_served"](service_id=service.pk, commune_id=c.pk) for c in served
        ]
    for key, objects in m2m.items():
        through[key].objects.bulk_create(objects, batch_size=BATCH)
    region.log(f"{total_orgs} organisations, {total} services")


def _tables(region):
    total = region.counts["tables"]
    territories = region.territories
    tables = []
    for i in range(total):
        # One strategic table per territory, the rest tactical.
        if i < len(territories):
            territory, kind = territories[i], Table.Kind.STRATEGIC
        else:
            index = region.territory_index(i - len(territories), total - len(territories))
            territory, kind = territories[index], Table.Kind.TACTICAL
        tables.append(
            Table(
                name=f"Table {kind.label.lower()} {i} — {territory.name}",
                slug=f"region-table-{i}",
                kind=kind,
                territory=territory,
                description="Table de concertation du territoire.",
            )
        )
    Table.objects.bulk_create(tables)
    start = date(2025, 1, 1)
    seats = []
    for table in tables:
        t = region.territories.index(table.territory)
        people = region.people.get(t) or region.people[0]
        chosen = region.rng.sample(people, min(SEATS_PER_TABLE, len(people)))
        orgs = region.organisations[table.territory_id]
        seats += [
            Seat(table=table, user=user, organisation=orgs[n % len(orgs)], start_date=start)
            for n, user in enumerate(chosen)
        ]
    # The demo member sits at the home territory's loaded tactical tables, the executive at
    # three loaded strategic tables.
    home_orgs = region.organisations[region.territories[0].pk]
    home_tactical = [
        t for t in tables if t.territory_id == region.territories[0].pk and t.kind == "tactical"
    ]
    for table in home_tactical[:5]:
        seats.append(
            Seat(
                table=table,
                user=region.demo["tactical_member"],
                organisation=home_orgs[0],
                start_date=start,
            )
        )
    for table in [t for t in tables if t.kind == "strategic"][:3]:
        seats.append(
            Seat(
                table=table,
                user=region.demo["executive"],
                organisation=home_orgs[1],
                start_date=start,
            )
        )
    Seat.objects.bulk_create(seats, batch_size=BATCH)
    region.tables = tables
    region.seats = {}
    for seat in seats:
        region.seats.setdefault(seat.table_id, []).append(seat)
    region.log(f"{total} tables, {len(seats)} seats")


def _meetings(region):
    per_table = max(1, region.counts["meetings"] // len(region.tables))
    meetings = []
    for table in region.tables:
        for n in range(per_table):
            # Every fortnight, the last ten to come.
            offset = (n - per_table + 10) * 14
            starts = (region.now + timedelta(days=offset)).replace(
                hour=14, minute=0, second=0, microsecond=0
            )
            if offset > 30:
                status = MeetingStatus.PLANNED
            elif offset > 0:
                status = MeetingStatus.CONVENED
            elif offset > -30:
                status = MeetingStatus.HELD
            elif offset > -60:
                status = MeetingStatus.MINUTES_DRAFTED
            else:
                status = MeetingStatus.PUBLISHED
            meetings.append(
                Meeting(
                    table=table,
                    title=f"Séance {n + 1}",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    place="Salle du conseil",
                    status=status,
                    convened_at=None
                    if status == MeetingStatus.PLANNED
                    else starts - timedelta(days=20),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    items, attendances, minutes = [], [], []
    for meeting in meetings:
        for number, title in enumerate(
            (
                "Approbation du compte rendu",
                "Dysfonctionnements du trimestre",
                "Questions diverses",
            ),
            start=1,
        ):
            items.append(AgendaItem(meeting=meeting, number=number, title=title))
        past = meeting.starts_at < region.now
        for n, seat in enumerate(region.seats.get(meeting.table_id, [])):
            attendances.append(
                Attendance(
                    meeting=meeting,
                    seat=seat,
                    answer="coming" if n % 4 else "not_coming",
                    answered_at=meeting.convened_at,
                    presence=("present" if n % 4 else "excused") if past else "unknown",
                )
                if meeting.status != MeetingStatus.PLANNED
                else Attendance(meeting=meeting, seat=seat)
            )
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    decisions = []
    by_meeting = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    for meeting in meetings:
        if meeting.status in (MeetingStatus.MINUTES_DRAFTED, MeetingStatus.PUBLISHED):
            minutes.append(
                MinutesVersion(
                    meeting=meeting,
                    number=1,
                    summary="Tour de table et point sur les situations.",
                    items=[
                        {"item": i.pk, "number": i.number, "title": i.title, "text": "Échanges."}
                        for i in by_meeting[meeting.pk]
                    ],
                    author=region.demo["pilot"],
                    created_at=meeting.ends_at + timedelta(days=2),
                )
            )
            age = (region.now - meeting.starts_at).days
            decisions.append(
                Decision(
                    meeting=meeting,
                    item=by_meeting[meeting.pk][1],
                    text="Le groupe de travail présente un état des lieux à la prochaine séance.",
                    owner=region.demo["pilot"],
                    due_date=(meeting.starts_at + timedelta(days=60)).date(),
                    status=DecisionStatus.DONE if age > 200 else DecisionStatus.OPEN,
                    created_by=region.demo["pilot"],
                    created_at=meeting.ends_at,
                )
            )
    MinutesVersion.objects.bulk_create(minutes, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    region.meetings = meetings
    region.items = by_meeting
    region.log(
        f"{len(meetings)} meetings, {len(items)} agenda items, {len(attendances)} attendances, "
        f"{len(decisions)} decisions"
    )


def _dysfunctions(region):
    total = region.counts["dysfunctions"]
    categories = {c.value: c for c in DysfunctionCategory.objects.all()}
    plan = [s for s in STATE_PLAN if s != S.MERGED]
    home_filers = [region.demo["case_manager"], region.demo["partner"]]
    rows, roads, links = [], [], []
    for i in range(total):
        t = region.territory_index(i, total)
        territory = region.territories[t]
        state = S.MERGED if i % 20 == 7 else plan[i % len(plan)]
        title, category, public, age_band, severity, text, workaround, suggestion, _orgs = (
            SITUATIONS[i % len(SITUATIONS)]
        )
        communes = region.communes[territory.pk]
        commune = communes[i % len(communes)]
        road = ROADS[state]
        submitted = region.now - timedelta(
            days=720 * (1 - region.time_share(i, total)), hours=i % 8
        )
        times = [submitted - timedelta(days=1)]
        for n in range(1, len(road)):
            times.append(min(times[-1] + timedelta(days=3 + (i + n) % 20), region.now))
        people = region.people.get(t) or region.people[0]
        filer = home_filers[i % 2] if t == 0 and i % 10 == 0 else people[i % len(people)]
        rows.append(
            Dysfunction(
                territory=territory,
                commune=commune,
                title=f"{title} ({commune.name})",
                description=text,
                observed_on=(submitted - timedelta(days=5)).date(),
                category=categories.get(category) or next(iter(categories.values())),
                public=public,
                age_band=age_band,
                situation_count=1 + i % 9,
                severity=severity,
                workaround=workaround,
                suggestion=suggestion,
                filer=filer,
                state=state,
                created_at=times[0],
                updated_at=times[-1],
                submitted_at=times[1] if len(times) > 1 else None,
                decided_at=times[road.index(S.DECIDED)] if S.DECIDED in road else None,
                closed_at=times[road.index(S.CLOSED)] if S.CLOSED in road else None,
            )
        )
        roads.append((road, times))
        services = region.services.get(territory.pk) or []
        links.append(services[i % len(services)] if services else None)
    # Older rows first: ids grow with time, as they would in production.
    order = sorted(range(total), key=lambda n: rows[n].created_at)
    rows, roads, links = ([column[n] for n in order] for column in (rows, roads, links))
    kept = [d for d in rows if d.state != S.MERGED]
    Dysfunction.objects.bulk_create(kept, batch_size=BATCH)
    targets = {}
    for d in kept:
        if d.state == S.QUALIFIED:
            targets.setdefault(d.territory_id, d)
    duplicates = [d for d in rows if d.state == S.MERGED]
    for d in duplicates:
        d.merged_into = targets.get(d.territory_id) or kept[0]
    Dysfunction.objects.bulk_create(duplicates, batch_size=BATCH)
    region.log(f"{total} dysfunctions")

    events = []
    for d, (road, times) in zip(rows, roads, strict=True):
        previous = ""
        for step, at in zip(road, times, strict=True):
            actor = d.filer if step in (S.DRAFT, S.SUBMITTED) else region.demo["pilot"]
            events.append(
                DysfunctionEvent(
                    dysfunction=d, at=at, actor=actor, from_state=previous, to_state=step
                )
            )
            previous = step
    for start in range(0, len(events), BATCH):
        DysfunctionEvent.objects.bulk_create(events[start : start + BATCH])
    ServiceLink = Dysfunction.services.through
    OrgLink = Dysfunction.organisations.through
    ServiceLink.objects.bulk_create(
        (
            ServiceLink(dysfunction_id=d.pk, service_id=s.pk)
            for d, s in zip(rows, links, strict=True)
            if s
        ),
        batch_size=BATCH,
    )
    OrgLink.objects.bulk_create(
        (
            OrgLink(dysfunction_id=d.pk, organisation_id=s.organisation_id)
            for d, s in zip(rows, links, strict=True)
            if s
        ),
        batch_size=BATCH,
    )
    # Scheduled dysfunctions are on an upcoming agenda of one of their territory's tables.
    upcoming = {}
    for meeting in region.meetings:
        if meeting.starts_at > region.now and meeting.table.kind == Table.Kind.TACTICAL:
            upcoming.setdefault(meeting.table.territory_id, []).append(meeting)
    numbers, items = {}, []
    subject_type = ContentType.objects.get_for_model(Dysfunction)
    for d in rows:
        meetings = upcoming.get(d.territory_id)
        if d.state != S.SCHEDULED or not meetings:
            continue
        meeting = meetings[d.pk % len(meetings)]
        numbers[meeting.pk] = numbers.get(meeting.pk, 3) + 1
        items.append(
            AgendaItem(
                meeting=meeting,
                number=numbers[meeting.pk],
                title=d.title[:250],
                subject_type=subject_type,
                subject_id=d.pk,
            )
        )
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    region.dysfunctions = rows
    region.log(f"{len(events)} dysfunction events, {len(items)} agenda items about them")


def _proposals(region):
    total = region.counts["proposals"]
    states = [
        P.DRAFT,
        P.ADOPTED,
        P.SUBMITTED,
        P.SCHEDULED,
        P.APPROVED,
        P.APPROVED_WITH_CHANGES,
        P.REJECTED,
        P.DEFERRED,
        P.IMPLEMENTED,
    ]
    tables = {}
    for table in region.tables:
        tables.setdefault((table.territory_id, table.kind), []).append(table)
    escalated = {}
    for d in region.dysfunctions:
        if d.state == S.ESCALATED:
            escalated.setdefault(d.territory_id, []).append(d)
    proposals, links = [], []
    for i in range(total):
        territory = region.territories[region.territory_index(i, total)]
        state = states[i % len(states)]
        tactical = tables.get((territory.pk, "tactical")) or tables[(territory.pk, "strategic")]
        created = region.now - timedelta(days=600 * (1 - region.time_share(i, total)))
        proposals.append(
            Proposal(
                territory=territory,
                title=f"Renforcer la coordination des sorties d'hospitalisation ({i})",
                rationale="Plusieurs situations montrent des retours à domicile sans relais.",
                request="Financer un temps de coordination partagé.",
                tactical_table=tactical[i % len(tactical)],
                strategic_table=None
                if state in (P.DRAFT, P.ADOPTED)
                else tables[(territory.pk, "strategic")][0],
                state=state,
                created_by=region.demo["pilot"],
                created_at=created,
                adopted_at=None if state == P.DRAFT else created + timedelta(days=10),
                submitted_at=None
                if state in (P.DRAFT, P.ADOPTED)
                else created + timedelta(days=20),
            )
        )
        pool = escalated.get(territory.pk, [])
        links.append(pool[(i * 3) % len(pool) : (i * 3) % len(pool) + 3] if pool else [])
    order = sorted(range(total), key=lambda n: proposals[n].created_at)  # ids grow with time
    proposals, links = [proposals[n] for n in order], [links[n] for n in order]
    Proposal.objects.bulk_create(proposals, batch_size=BATCH)
    Link = Proposal.dysfunctions.through
    Link.objects.bulk_create(
        (
            Link(proposal_id=p.pk, dysfunction_id=d.pk)
            for p, ds in zip(proposals, links, strict=True)
            for d in ds
        ),
        batch_size=BATCH,
    )
    ProposalEvent.objects.bulk_create(
        (
            ProposalEvent(
                proposal=p,
                at=p.created_at,
                actor=region.demo["pilot"],
                from_state="",
                to_state=p.state,
            )
            for p in proposals
        ),
        batch_size=BATCH,
    )
    region.log(f"{total} proposals")


def _search_index(region):
    backend = get_search_backend()
    queryset = (
        Service.objects.filter(slug__startswith="region-service-")
        .select_related("organisation")
        .prefetch_related("categories", "publics")
        .order_by("pk")
    )
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        backend.add_bulk(Service, list(queryset.filter(pk__in=ids[start : start + 1000])))
    region.log(f"{len(ids)} services indexed for search")


SEARCHES = ["aide", "aidants", "portage repas", "hébergement", "mémoire", "transport",
            "logement", "addiction", "soins à domicile", "accueil de jour"]  # fmt: skip


def _saved_searches(region):
    """Saved searches of one account in ten: words, words and a commune served, or a person
    described (age and commune); one in three alerts at once, the others weekly. What each
    finds is its starting point, as when it is saved from the directory."""
    from alerts.models import SavedSearch
    from alerts.selectors import saved_search_results

    people = [user for users in region.people.values() for user in users]
    total = region.counts["saved searches"]
    searches, described = [], {}
    for i in range(total):
        user = people[(i * 10) % len(people)]
        territory = region.territories[region.territory_index(i, total)]
        commune = region.rng.choice(region.communes[territory.pk]).insee_code
        words = SEARCHES[i % len(SEARCHES)]
        query = [f"q={words}", f"q={words}&served={commune}", f"age=80&commune={commune}"][i % 3]
        saved = SavedSearch(
            user=user,
            name=f"Recherche {i}",
            query=query,
            frequency="immediate" if i % 3 == 0 else "weekly",
            checked_at=region.now,
        )
        saved.snapshot = saved_search_results(saved, described=described) or {}
        searches.append(saved)
    SavedSearch.objects.bulk_create(searches, batch_size=BATCH)
    region.log(f"{total} saved searches")


def region_counts() -> str:
    """What the database holds, for the results' header."""
    counts = {
        "territories": Territory.objects.count(),
        "services": Service.objects.count(),
        "tables": Table.objects.count(),
        "meetings": Meeting.objects.count(),
        "dysfunctions": Dysfunction.objects.count(),
        "proposals": Proposal.objects.count(),
        "accounts": get_user_model().objects.count(),
    }
    return ", ".join(f"{v:,} {k}" for k, v in counts.items())
