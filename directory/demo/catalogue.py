"""Demo directory: each organisation's services (from the catalogues by kind, or its own),
some out of date, and changes awaiting the pilot's approval."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Category, Condition, Organisation, Public, Service
from portal.demo import DemoContext

from .health_services import HEALTH_SERVICES_BY_KIND
from .organisations import ORGANISATIONS
from .social_services import SERVICES_BY_ORGANISATION, SOCIAL_SERVICES_BY_KIND

K = Organisation.Kind
_CATALOGUE = HEALTH_SERVICES_BY_KIND | SOCIAL_SERVICES_BY_KIND
# In a fixed order: the scale benchmarks draw from it with a seeded random generator.
SERVICES_BY_KIND = {
    kind: _CATALOGUE[kind]
    for kind in (
        K.HOSPITAL,
        K.CLIC,
        K.CCAS,
        K.SSIAD,
        K.HAD,
        K.HOME_HELP,
        K.ADDICTION,
        K.REHAB,
        K.NURSING_HOME,
        K.PHARMACY,
        K.GP_PRACTICE,
        K.DAC,
        K.DEPARTMENT,
        K.COMMUNE,
        K.FUNDER,
        K.USERS,
    )
}

PENDING_EDITS = [
    # organisation, service name prefix, account that proposes the change, new summary
    (
        "CCAS de Tours",
        "Portage de repas à domicile",
        "partner",
        "Repas livrés à domicile sept jours sur sept, y compris les régimes.",
    ),
    (
        "CCAS de Tours",
        "Aide alimentaire d'urgence",
        "partner",
        "Colis, bons alimentaires et orientation vers les épiceries solidaires.",
    ),
    (
        "CLIC Touraine Nord-Ouest",
        "Ateliers prévention des chutes",
        "tactical_member",
        "Ateliers d'équilibre en petits groupes, à Saint-Cyr-sur-Loire et à Fondettes.",
    ),
]


def _neighbours(commune_code: str, communes: dict) -> list:
    codes = sorted(communes)
    i = codes.index(commune_code) if commune_code in codes else 0
    return [communes[codes[(i + k) % len(codes)]] for k in (0, 1, 2, 5)]


def seed_services(context: DemoContext) -> None:
    from directory.services import service_keep_first_version

    categories = {c.value: c for c in Category.objects.all()}
    publics = {p.value: p for p in Public.objects.all()}
    conditions = {c.value: c for c in Condition.objects.all()}
    existing = set(Service.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    n = 0
    for name, kind, code in ORGANISATIONS:
        organisation = context.organisations[name]
        templates = SERVICES_BY_ORGANISATION.get(name) or SERVICES_BY_KIND.get(kind, [])
        for template in templates:
            (title, summary, description, cats, pubs, age_min, age_max, access, conds,
             referrers, whole) = template  # fmt: skip
            n += 1
            place = organisation.commune.name if organisation.commune else ""
            full_name = title if whole or not place else f"{title} – {place}"
            slug = slugify(f"{title} {organisation.name}")[:200]
            if slug in existing:
                continue
            recent = n % 6 != 0  # one entry in six has not been verified for over a year
            service = Service.objects.create(
                organisation=organisation,
                name=full_name,
                slug=slug,
                summary=summary,
                description=description,
                age_min=age_min,
                age_max=age_max,
                access_mode=access,
                referrers=referrers,
                serves_whole_territory=whole,
                phone=organisation.phone
                or f"02 47 {20 + n % 70:02d} {10 + n % 80:02d} {n % 100:02d}",
                email=f"contact@{slugify(organisation.name)[:30]}.example.org",
                professional_contact="Secrétariat de coordination",
                professional_phone=f"02 47 {30 + n % 60:02d} {n % 100:02d} 00",
                hours="Du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h.",
                fee=Service.Fee.FREE if n % 3 else Service.Fee.PAID,
                languages="français" if n % 4 else "français, anglais",
                waiting_time="" if n % 5 else "Environ trois semaines",
                last_verified_on=today - timedelta(days=(30 + n * 7) % 300 if recent else 400 + n),
                last_verified_by=context.users["pilot"],
            )
            service.categories.set([categories[v] for v in cats if v in categories])
            service.publics.set([publics[v] for v in pubs if v in publics])
            service.required_conditions.set([conditions[v] for v in conds])
            if not whole and organisation.commune:
                service.communes_served.set(_neighbours(code, context.communes))
            service.save()  # index with its categories and publics
    for service in Service.objects.filter(live=True, live_revision__isnull=True):
        service_keep_first_version(service)


def seed_pending_edits(context: DemoContext) -> None:
    from directory.services import service_create, service_propose_changes

    for organisation_name, prefix, user_key, summary in PENDING_EDITS:
        service = (
            Service.objects.filter(
                organisation=context.organisations[organisation_name], name__startswith=prefix
            )
            .order_by("pk")
            .first()
        )
        if service is None or service.workflow_states.exists():
            continue
        service_propose_changes(actor=context.users[user_key], service=service, summary=summary)
    organisation = context.organisations["CCAS de Tours"]
    if not Service.objects.filter(organisation=organisation, live=False).exists():
        service_create(
            actor=context.users["partner"],
            organisation=organisation,
            name="Atelier numérique seniors",
            summary="Apprendre à utiliser une tablette et les services en ligne.",
            description="Ateliers de deux heures en petit groupe à la maison des seniors.",
            categories=[
                Category.objects.get(value="numerique--maitriser-les-fondamentaux-du-numerique")
            ],
            publics=[Public.objects.get(value="seniors")],
            age_min=60,
            communes_served=[context.communes["37261"]],
        )
