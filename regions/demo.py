"""Demo region: Touraine and a second, smaller territory (the Blésois) in one region, the
Blésois's organisations, services, tables and register, the region's strategic table and its
meetings, and the regional coordinator's account.

Idempotent like every seeder: rows are found by a stable key and only what is missing is made.
Runs last: it reads what the other seeders built (Touraine's accounts and organisations)."""

import uuid
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from directory.demo import SERVICES_BY_KIND
from directory.models import Category, Condition, Membership, Organisation, Public, Service
from meetings.models import Meeting, MeetingHistory, MeetingStatus, Seat, Table
from meetings.services import table_collection_ensure
from portal.demo import DEMO_PASSWORD, DemoContext
from portal.models import Commune, Region, RegionalCoordinator, Territory, TerritoryPilot
from register.demo import ROADS, SITUATIONS
from register.models import Category as DysfunctionCategory
from register.models import (
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    ExecutivePosition,
    Position,
    Proposal,
    ProposalEvent,
    ProposalState,
)
from register.territory_versions import register_changed

K = Organisation.Kind
S = DysfunctionState
DEMO_NAMESPACE = uuid.UUID("0b8f7c52-41d6-4f0e-8c55-2d3a7e9b6a14")

REGION = ("centre-val-de-loire", "Centre-Val de Loire", (
    "Les dispositifs d'appui à la coordination de la région se retrouvent à la table "
    "régionale, qui reçoit les propositions que leurs tables stratégiques lui adressent."
))  # fmt: skip
TERRITORY = ("blesois", "Blésois", (
    "Territoire du dispositif d'appui à la coordination du Blésois : Blois et son "
    "agglomération, Vendômois et Sologne."
))  # fmt: skip
COMMUNES = [
    ("41018", "Blois", "41000"),
    ("41295", "Vineuil", "41350"),
    ("41212", "Saint-Gervais-la-Forêt", "41350"),
    ("41136", "Mer", "41500"),
    ("41269", "Vendôme", "41100"),
    ("41149", "Montoire-sur-le-Loir", "41800"),
    ("41194", "Romorantin-Lanthenay", "41200"),
    ("41232", "Salbris", "41300"),
    ("41106", "Lamotte-Beuvron", "41600"),
    ("41151", "Montrichard Val de Cher", "41400"),
]
# key, e-mail, first name, last name, job title
ACCOUNTS = [
    ("coordinator", "coordination@example.org", "Agnès", "Morel",
     "Coordinatrice régionale des DAC"),
    ("pilot_b", "pilote.blesois@example.org", "Bastien", "Quéré", "Pilote du DAC du Blésois"),
    ("case_manager_b", "gestionnaire.blesois@example.org", "Inès", "Carpentier",
     "Gestionnaire de cas"),
    ("executive_b", "decideur.blesois@example.org", "Marc", "Vasseur",
     "Directeur de l'autonomie"),
]  # fmt: skip
ORGANISATIONS = [
    ("Dispositif d'appui à la coordination du Blésois", K.DAC, "41018"),
    ("Centre hospitalier Simone Veil de Blois", K.HOSPITAL, "41018"),
    ("Centre hospitalier de Vendôme-Montoire", K.HOSPITAL, "41269"),
    ("CLIC du Blésois", K.CLIC, "41018"),
    ("CCAS de Blois", K.CCAS, "41018"),
    ("CCAS de Romorantin-Lanthenay", K.CCAS, "41194"),
    ("SSIAD du Vendômois", K.SSIAD, "41269"),
    ("HAD du Loir-et-Cher", K.HAD, "41018"),
    ("CSAPA du Loir-et-Cher", K.ADDICTION, "41018"),
    ("Conseil départemental de Loir-et-Cher – direction de l'autonomie", K.DEPARTMENT, "41018"),
]
DAC_B, DEPARTMENT_B = ORGANISATIONS[0][0], ORGANISATIONS[-1][0]
DAC_A = "Dispositif d'appui à la coordination de Touraine"
DEPARTMENT_A = "Conseil départemental d'Indre-et-Loire – direction de l'autonomie"
TABLES_B = [
    ("table-tactique-blesois", "Table tactique du Blésois", Table.Kind.TACTICAL),
    ("table-strategique-blesois", "Table stratégique du Blésois", Table.Kind.STRATEGIC),
]
REGIONAL_TABLE = (
    "table-regionale-centre-val-de-loire",
    "Table régionale des DAC du Centre-Val de Loire",
    "Les pilotes des dispositifs et leurs financeurs : elle arbitre ce qui dépasse un "
    "territoire (financements, outils partagés, conventions régionales).",
)
# The Blésois's register: fewer dysfunctions than Touraine's, in most states.
STATE_PLAN = (
    [S.CLOSED] * 2 + [S.SUBMITTED] * 2 + [S.QUALIFIED] * 3 + [S.REJECTED]
    + [S.SCHEDULED] * 2 + [S.ESCALATED] * 2 + [S.DECIDED] + [S.IMPLEMENTING]
)  # fmt: skip


def seed(context: DemoContext) -> None:
    region = _region(context)
    territory, communes = _territory(region)
    people = _accounts(context, region, territory)
    organisations = _organisations(territory, communes, people)
    _services(organisations, communes, people["pilot_b"])
    tables = _tables(context, region, territory, organisations, people)
    _register(territory, communes, people)
    _proposal(territory, tables, people)
    context.extra["region"] = {
        "region": region,
        "territory": territory,
        "people": people,
        "tables": tables,
    }


def _region(context):
    slug, name, description = REGION
    region, _ = Region.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )
    if context.territory.region_id != region.pk:
        Territory.objects.filter(pk=context.territory.pk).update(region=region)
        context.territory.region = region
    return region


def _territory(region):
    slug, name, description = TERRITORY
    territory, _ = Territory.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description, "region": region}
    )
    communes = {}
    for code, name, postal_code in COMMUNES:
        communes[code], _ = Commune.objects.get_or_create(
            insee_code=code,
            defaults={"name": name, "postal_code": postal_code, "territory": territory},
        )
    return territory, communes


def _accounts(context, region, territory):
    User = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)
    people = {}
    for key, email, first_name, last_name, job_title in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password_hash,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
                is_demo_account=True,
            )
        people[key] = user
    RegionalCoordinator.objects.get_or_create(region=region, user=people["coordinator"])
    TerritoryPilot.objects.get_or_create(territory=territory, user=people["pilot_b"])
    people["pilot_a"] = context.users["pilot"]
    people["executive_a"] = context.users["executive"]
    people["organisations_a"] = context.organisations
    return people


def _organisations(territory, communes, people):
    organisations = {}
    for name, kind, code in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "kind": kind,
                "territory": territory,
                "commune": communes[code],
            },
        )
    for key, name, role in [
        ("pilot_b", DAC_B, Membership.Role.STAFF),
        ("case_manager_b", DAC_B, Membership.Role.CASE_MANAGER),
        ("executive_b", DEPARTMENT_B, Membership.Role.STAFF),
    ]:
        Membership.objects.get_or_create(
            user=people[key], organisation=organisations[name], defaults={"role": role}
        )
    return organisations


def _services(organisations, communes, pilot):
    categories = {c.value: c for c in Category.objects.all()}
    publics = {p.value: p for p in Public.objects.all()}
    conditions = {c.value: c for c in Condition.objects.all()}
    existing = set(Service.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    for n, (name, kind, code) in enumerate(ORGANISATIONS):
        organisation = organisations[name]
        for template in SERVICES_BY_KIND.get(kind, [])[:2]:
            (title, summary, description, cats, pubs, age_min, age_max, access, conds,
             referrers, whole) = template  # fmt: skip
            slug = slugify(f"{title} {organisation.name}")[:200]
            if slug in existing:
                continue
            place = organisation.commune.name
            service = Service.objects.create(
                organisation=organisation,
                name=title if whole else f"{title} – {place}",
                slug=slug,
                summary=summary,
                description=description,
                age_min=age_min,
                age_max=age_max,
                access_mode=access,
                referrers=referrers,
                serves_whole_territory=whole,
                phone=f"02 54 {40 + n:02d} {10 + n:02d} 00",
                email=f"contact@{slugify(organisation.name)[:30].strip('-')}.example.org",
                professional_contact="Secrétariat de coordination",
                professional_phone=f"02 54 {50 + n:02d} 20 00",
                hours="Du lundi au vendredi, de 9 h à 17 h.",
                fee=Service.Fee.FREE,
                languages="français",
                last_verified_on=today - timedelta(days=20 + n * 9),
                last_verified_by=pilot,
            )
            service.categories.set([categories[v] for v in cats if v in categories])
            service.publics.set([publics[v] for v in pubs if v in publics])
            service.required_conditions.set([conditions[v] for v in conds])
            if not whole:
                service.communes_served.set([communes[code], communes["41295"]])
            service.save()  # index with its categories and publics


def _seat(table, user, organisation):
    Seat.objects.get_or_create(
        table=table,
        user=user,
        start_date=timezone.localdate().replace(month=1, day=1),
        defaults={"organisation": organisation},
    )


def _tables(context, region, territory, organisations, people):
    tables = {}
    for slug, name, kind in TABLES_B:
        tables[slug], _ = Table.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "territory": territory}
        )
    tables["table-tactique-blesois"].feeds.add(tables["table-strategique-blesois"])
    slug, name, description = REGIONAL_TABLE
    regional, _ = Table.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Table.Kind.STRATEGIC,
            "region": region,
            "territory": None,
            "description": description,
        },
    )
    tables[slug] = regional
    for table in tables.values():
        table_collection_ensure(table=table)
    _seat(tables["table-strategique-blesois"], people["executive_b"], organisations[DEPARTMENT_B])
    # The region's table gathers the territories' pilots and funders.
    _seat(regional, people["pilot_a"], people["organisations_a"][DAC_A])
    _seat(regional, people["executive_a"], people["organisations_a"][DEPARTMENT_A])
    _seat(regional, people["pilot_b"], organisations[DAC_B])
    _seat(regional, people["executive_b"], organisations[DEPARTMENT_B])
    _meetings(regional, people["pilot_a"])
    return tables


def _meetings(regional, pilot):
    """The region's table met three months ago and meets again in seven weeks."""
    today = timezone.localdate()
    for rank, (offset, status) in enumerate(
        [(-90, MeetingStatus.HELD), (50, MeetingStatus.PLANNED)]
    ):
        uid = uuid.uuid5(DEMO_NAMESPACE, f"{regional.slug}/{rank}")
        if Meeting.objects.filter(uid=uid).exists():
            continue
        day = today + timedelta(days=offset)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
        meeting = Meeting.objects.create(
            table=regional,
            uid=uid,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place="Agence régionale de santé, salle Val de Loire, Orléans",
            status=status,
        )
        MeetingHistory.objects.create(
            meeting=meeting,
            actor=pilot,
            from_state=MeetingStatus.PLANNED,
            to_state=status,
            reason="Réunion reprise de l'historique de la table régionale",
            at=min(starts_at, timezone.now()),
        )


def _register(territory, communes, people):
    """The Blésois's register, each dysfunction with the road it travelled."""
    if Dysfunction.objects.filter(territory=territory).exists():
        return
    categories = {c.value: c for c in DysfunctionCategory.objects.all()}
    now = timezone.now()
    codes = list(communes)
    filer, pilot = people["case_manager_b"], people["pilot_b"]
    dysfunctions, roads = [], []
    for index, state in enumerate(STATE_PLAN):
        situation = SITUATIONS[(index * 3 + 1) % len(SITUATIONS)]
        title, category, public, age_band, severity, text, workaround, suggestion, _orgs = situation
        commune = communes[codes[index % len(codes)]]
        road = ROADS[state]
        submitted = now - timedelta(days=300 - index * 18)
        times = [submitted - timedelta(days=1)]
        for step in range(1, len(road)):
            times.append(min(times[-1] + timedelta(days=10 + step * 3), now))
        dysfunctions.append(
            Dysfunction(
                territory=territory,
                commune=commune,
                title=f"{title} ({commune.name})",
                description=text,
                observed_on=(submitted - timedelta(days=5)).date(),
                category=categories.get(category),
                public=public,
                age_band=age_band,
                situation_count=1 + index % 5,
                severity=severity,
                workaround=workaround,
                suggestion=suggestion,
                filer=filer,
                state=state,
                created_at=times[0],
                updated_at=times[-1],
                submitted_at=times[1],
                decided_at=times[road.index(S.DECIDED)] if S.DECIDED in road else None,
                closed_at=times[road.index(S.CLOSED)] if S.CLOSED in road else None,
            )
        )
        roads.append((road, times))
    Dysfunction.objects.bulk_create(dysfunctions)
    events = []
    for dysfunction, (road, times) in zip(dysfunctions, roads, strict=True):
        previous = ""
        for step, at in zip(road, times, strict=True):
            events.append(
                DysfunctionEvent(
                    dysfunction=dysfunction,
                    at=at,
                    actor=filer if step in (S.DRAFT, S.SUBMITTED) else pilot,
                    from_state=previous,
                    to_state=step,
                )
            )
            previous = step
    DysfunctionEvent.objects.bulk_create(events)
    register_changed()  # written in bulk, without signals: indicators and counts follow


CLIMBING = (
    "Astreinte infirmière de nuit partagée entre les SSIAD de la région",
    "Les SSIAD du Blésois ne peuvent assurer seuls une astreinte de nuit ; les sorties "
    "d'hospitalisation du soir restent sans relais.\n\n"
    "- **Constat** : des retours à domicile sans passage infirmier avant le lendemain ;\n"
    "- **Proposition** : une astreinte mutualisée avec les SSIAD de Touraine, financée par "
    "la région.",
    "Financer une astreinte infirmière de nuit mutualisée entre les territoires.",
    "Un financement de 120 000 € par an (fonds d'intervention régional).",
)
CLIMBING_REASONS = {
    ProposalState.ADOPTED: "Adoptée par la table tactique du Blésois.",
    ProposalState.SCHEDULED: "Inscrite à l'ordre du jour de la table stratégique du Blésois.",
    ProposalState.REFERRED: "La table stratégique du Blésois la transmet à la table régionale : "
    "le financement demandé relève du fonds d'intervention régional.",
}


def _proposal(territory, tables, people):
    """A proposal of the Blésois that its strategic table sent up to the region's table,
    where it waits to be put on the agenda (Touraine's funder already gave a position)."""
    title, rationale, request, resources = CLIMBING
    if Proposal.objects.filter(territory=territory, title=title).exists():
        return
    P = ProposalState
    road = [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.REFERRED]
    now = timezone.now()
    times = [now - timedelta(days=days) for days in (120, 95, 80, 50, 12)]
    proposal = Proposal.objects.create(
        territory=territory,
        title=title,
        rationale=rationale,
        request=request,
        resources=resources,
        tactical_table=tables["table-tactique-blesois"],
        strategic_table=tables[REGIONAL_TABLE[0]],
        referred_from=tables["table-strategique-blesois"],
        state=P.REFERRED,
        created_by=people["pilot_b"],
        created_at=times[0],
        adopted_at=times[1],
        submitted_at=times[2],
        referred_at=times[4],
    )
    proposal.dysfunctions.set(Dysfunction.objects.filter(territory=territory, state=S.ESCALATED))
    ProposalEvent.objects.bulk_create(
        ProposalEvent(
            proposal=proposal,
            at=at,
            actor=people["pilot_b"],
            from_state=previous,
            to_state=step,
            transition="refer_to_region" if step == P.REFERRED else "",
            reason=CLIMBING_REASONS.get(step, ""),
        )
        for previous, step, at in zip(["", *road[:-1]], road, times, strict=True)
    )
    ExecutivePosition.objects.create(
        proposal=proposal,
        user=people["executive_a"],
        position=Position.SUPPORT,
        comment="La Touraine rencontre la même difficulté : favorable à une astreinte commune.",
        recorded_at=now - timedelta(days=5),
    )
