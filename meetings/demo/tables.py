"""Demo tables: the tactical and strategic tables, the demo people, their members' and
substitutes' seats."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from meetings.models import (
    Seat,
    Table,
)
from meetings.services import table_collection_ensure
from portal.demo import DEMO_PASSWORD, DemoContext

MANDATE_START = date(2026, 1, 1)

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


def seed_tables(context: DemoContext):
    """The tables, the demo people and their seats; returns them for the meetings."""
    people = dict(context.users)
    password_hash = make_password(DEMO_PASSWORD)
    for key, email, first_name, last_name, job_title in PEOPLE:
        people[key] = _user(email, first_name, last_name, job_title, password_hash)

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
    return tables, seats, people
