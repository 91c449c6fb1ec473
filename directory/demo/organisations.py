"""Demo territory: the network's organisations and the partners' memberships."""

from django.utils.text import slugify

from directory.models import Membership, Organisation
from portal.demo import DemoContext

K = Organisation.Kind

# name, kind, INSEE code of the commune where it sits
ORGANISATIONS = [
    ("Centre hospitalier universitaire de Tours", K.HOSPITAL, "37261"),
    ("Centre hospitalier du Chinonais", K.HOSPITAL, "37072"),
    ("Centre hospitalier de Loches", K.HOSPITAL, "37132"),
    ("Centre hospitalier intercommunal d'Amboise – Château-Renault", K.HOSPITAL, "37003"),
    ("CLIC Touraine Nord-Ouest", K.CLIC, "37214"),
    ("CLIC du Lochois", K.CLIC, "37132"),
    ("CLIC Val d'Amboise", K.CLIC, "37003"),
    ("CCAS de Tours", K.CCAS, "37261"),
    ("CCAS de Joué-lès-Tours", K.CCAS, "37122"),
    ("CCAS de Chinon", K.CCAS, "37072"),
    ("CCAS de Saint-Pierre-des-Corps", K.CCAS, "37233"),
    ("SSIAD de l'agglomération tourangelle", K.SSIAD, "37261"),
    ("SSIAD du Véron et du Chinonais", K.SSIAD, "37072"),
    ("SSIAD du Sud Touraine", K.SSIAD, "37115"),
    ("HAD Touraine", K.HAD, "37050"),
    ("Service d'aide à domicile Touraine Services", K.HOME_HELP, "37208"),
    ("Aide à domicile en milieu rural du Lochois", K.HOME_HELP, "37132"),
    ("CSAPA Port-Bretagne", K.ADDICTION, "37261"),
    ("CSAPA du Chinonais", K.ADDICTION, "37072"),
    ("Centre de soins de suite et de réadaptation Bel-Air", K.REHAB, "37159"),
    ("Centre de rééducation fonctionnelle de Luynes", K.REHAB, "37139"),
    ("EHPAD Les Tilleuls", K.NURSING_HOME, "37027"),
    ("EHPAD Le Clos Saint-Martin", K.NURSING_HOME, "37123"),
    ("Pharmacie du Pont de Cher", K.PHARMACY, "37122"),
    ("Pharmacie de la Place du Marché", K.PHARMACY, "37132"),
    ("Pharmacie des Halles", K.PHARMACY, "37261"),
    ("Pharmacie de Bourgueil", K.PHARMACY, "37031"),
    ("Association des aidants de Touraine", K.COMMUNITY, "37261"),
    ("Entraide Alzheimer 37", K.COMMUNITY, "37208"),
    ("Épicerie solidaire du Chinonais", K.COMMUNITY, "37072"),
    ("Transport solidaire Sud Touraine", K.COMMUNITY, "37130"),
    ("Maison de santé pluriprofessionnelle de Monts", K.GP_PRACTICE, "37159"),
    ("Maison de santé du Richelais", K.GP_PRACTICE, "37196"),
    ("Dispositif d'appui à la coordination de Touraine", K.DAC, "37050"),
    ("Agence régionale de santé – délégation d'Indre-et-Loire", K.ARS, "37261"),
    ("Conseil départemental d'Indre-et-Loire – direction de l'autonomie", K.DEPARTMENT, "37261"),
    ("Ville de Tours", K.COMMUNE, "37261"),
    ("Caisse d'assurance retraite Centre-Val de Loire", K.FUNDER, "37261"),
    ("Union régionale des professionnels de santé infirmiers", K.UNION, "37261"),
    ("Collectif des usagers de santé de Touraine", K.USERS, "37261"),
]

# account key, organisation name, role, may edit the organisation's entries
MEMBERSHIPS = [
    ("pilot", "Dispositif d'appui à la coordination de Touraine", Membership.Role.STAFF, False),
    (
        "case_manager",
        "Dispositif d'appui à la coordination de Touraine",
        Membership.Role.CASE_MANAGER,
        False,
    ),
    ("partner", "CCAS de Tours", Membership.Role.STAFF, True),
    ("tactical_member", "CLIC Touraine Nord-Ouest", Membership.Role.STAFF, True),
    (
        "executive",
        "Conseil départemental d'Indre-et-Loire – direction de l'autonomie",
        Membership.Role.STAFF,
        False,
    ),
]


def seed_organisations(context: DemoContext) -> None:
    for name, kind, code in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "kind": kind,
                "territory": context.territory,
                "commune": context.communes[code],
            },
        )
        context.organisations[name] = organisation
    for user_key, organisation_name, role, can_edit in MEMBERSHIPS:
        Membership.objects.get_or_create(
            user=context.users[user_key],
            organisation=context.organisations[organisation_name],
            defaults={"role": role, "can_edit_directory": can_edit},
        )
