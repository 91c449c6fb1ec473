"""Demo territory, part one: the territory, its communes and the demo accounts.

Every seeder of the demo is idempotent: it finds rows by a stable key and creates only what is
missing, so `seed_demo` can run again on a database that already holds the demo."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from portal.models import Commune, Territory, TerritoryPilot

DEMO_PASSWORD = "tablee-demo"

COMMUNES = [
    ("37261", "Tours", "37000"),
    ("37122", "Joué-lès-Tours", "37300"),
    ("37214", "Saint-Cyr-sur-Loire", "37540"),
    ("37233", "Saint-Pierre-des-Corps", "37700"),
    ("37208", "Saint-Avertin", "37550"),
    ("37050", "Chambray-lès-Tours", "37170"),
    ("37195", "La Riche", "37520"),
    ("37109", "Fondettes", "37230"),
    ("37018", "Ballan-Miré", "37510"),
    ("37156", "Montlouis-sur-Loire", "37270"),
    ("37003", "Amboise", "37400"),
    ("37027", "Bléré", "37150"),
    ("37132", "Loches", "37600"),
    ("37072", "Chinon", "37500"),
    ("37014", "Azay-le-Rideau", "37190"),
    ("37063", "Château-Renault", "37110"),
    ("37281", "Vouvray", "37210"),
    ("37159", "Monts", "37260"),
    ("37266", "Veigné", "37250"),
    ("37154", "Montbazon", "37250"),
    ("37139", "Luynes", "37230"),
    ("37123", "Langeais", "37130"),
    ("37031", "Bourgueil", "37140"),
    ("37232", "Sainte-Maure-de-Touraine", "37800"),
    ("37115", "Descartes", "37160"),
    ("37130", "Ligueil", "37240"),
    ("37196", "Richelieu", "37120"),
    ("37168", "Neuillé-Pont-Pierre", "37360"),
    ("37104", "Esvres", "37320"),
    ("37085", "Cormery", "37320"),
]

# e-mail, first name, last name, job title, superuser
ACCOUNTS = {
    "pilot": ("pilote@example.org", "Camille", "Dufresne", "Pilote du DAC", False),
    "case_manager": (
        "gestionnaire@example.org",
        "Sophie",
        "Lemarchand",
        "Gestionnaire de cas",
        False,
    ),
    "partner": (
        "partenaire@example.org",
        "Julien",
        "Roussel",
        "Responsable du pôle seniors",
        False,
    ),
    "tactical_member": ("membre@example.org", "Nadia", "Benhamou", "Coordinatrice du CLIC", False),
    "executive": ("decideur@example.org", "Hélène", "Garnier", "Directrice de l'autonomie", False),
    "administrator": ("admin@example.org", "Louis", "Perrin", "Administrateur du portail", True),
}


@dataclass
class DemoContext:
    """What one seeder hands to the next (the territory, the accounts, the organisations…)."""

    territory: Territory | None = None
    communes: dict[str, Commune] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def seed(context: DemoContext) -> None:
    territory, _ = Territory.objects.get_or_create(
        slug="touraine",
        defaults={
            "name": "Touraine",
            "description": (
                "Territoire du dispositif d'appui à la coordination de Touraine : "
                "agglomération tourangelle, Chinonais, Lochois et Amboisie."
            ),
        },
    )
    context.territory = territory
    for code, name, postal_code in COMMUNES:
        commune, _ = Commune.objects.get_or_create(
            insee_code=code,
            defaults={"name": name, "postal_code": postal_code, "territory": territory},
        )
        context.communes[code] = commune

    User = get_user_model()
    for key, (email, first_name, last_name, job_title, superuser) in ACCOUNTS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
                is_superuser=superuser,
                is_staff=superuser,
                is_demo_account=True,
            )
        context.users[key] = user
    TerritoryPilot.objects.get_or_create(territory=territory, user=context.users["pilot"])

    _seed_about_page()


ABOUT_PAGE_BODY = [
    {
        "type": "paragraph",
        "value": (
            "<p>Le dispositif d'appui à la coordination de Touraine réunit les services "
            "sanitaires, sociaux et médico-sociaux du territoire. Les gestionnaires de cas "
            "signalent les dysfonctionnements qu'ils rencontrent ; la table tactique les "
            "examine et propose des solutions ; la table stratégique décide.</p>"
        ),
    },
]


def _seed_about_page() -> None:
    """An editorial page under the home page, shown in the main menu (the menu's first entries
    are the home page's children marked "show in menus")."""
    from portal.models import ContentPage, HomePage

    home = HomePage.objects.first()
    if home is None or home.get_children().filter(slug="le-dispositif").exists():
        return
    page = ContentPage(
        title="Le dispositif",
        slug="le-dispositif",
        introduction=(
            "Tablée est le portail de la concertation des services de Touraine : qui fait quoi, "
            "les tables de concertation et le registre des dysfonctionnements."
        ),
        body=ABOUT_PAGE_BODY,
        show_in_menus=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
