"""Demo territory: twenty agreements between its organisations, in every state of their life
cycle, each with a corridor between two of their services; two in force are past their review
date, so that the pilot's landing page shows them."""

from datetime import date, timedelta

from django.utils import timezone

from agreements.models import Agreement, AgreementEvent, AgreementState, Corridor
from directory.models import Service
from meetings.models import Decision, MeetingStatus, Table
from portal.demo import DemoContext

S = AgreementState
CHU = "Centre hospitalier universitaire de Tours"
CH_CHINON = "Centre hospitalier du Chinonais"
CH_LOCHES = "Centre hospitalier de Loches"
SSIAD_TOURS = "SSIAD de l'agglomération tourangelle"
SSIAD_CHINON = "SSIAD du Véron et du Chinonais"
HAD = "HAD Touraine"
CLIC_NO = "CLIC Touraine Nord-Ouest"
CLIC_LOCHES = "CLIC du Lochois"
CCAS_TOURS = "CCAS de Tours"
CSAPA = "CSAPA Port-Bretagne"
SSR = "Centre de soins de suite et de réadaptation Bel-Air"
AIDANTS = "Association des aidants de Touraine"
ALZ = "Entraide Alzheimer 37"
SAAD = "Service d'aide à domicile Touraine Services"
ADMR = "Aide à domicile en milieu rural du Lochois"
TRANSPORT = "Transport solidaire Sud Touraine"
MSP = "Maison de santé pluriprofessionnelle de Monts"
EPICERIE = "Épicerie solidaire du Chinonais"

# title, referring organisation, receiving organisation, public, ages, channel, details,
# answer within (working days), state, review in (days from today; negative: past)
AGREEMENTS = [
    ("Sortie d'hospitalisation des plus de 75 ans vers le SSIAD", CHU, SSIAD_TOURS,
     "personnes de 75 ans et plus rentrant à domicile avec des soins infirmiers", (75, None),
     "form", "fiche de liaison sortie d'hospitalisation", 2, S.IN_FORCE, 200),
    ("Relais CLIC après passage aux urgences", CHU, CLIC_NO,
     "personnes âgées repérées fragiles aux urgences", (60, None), "email",
     "messagerie sécurisée du CLIC", 5, S.IN_FORCE, -20),
    ("Hospitalisation à domicile depuis le SSR Bel-Air", SSR, HAD,
     "patients en fin de rééducation nécessitant des soins techniques", (18, None), "phone",
     "ligne des professionnels de l'HAD", 1, S.IN_FORCE, 300),
    ("Orientation des aidants épuisés", CLIC_NO, AIDANTS,
     "aidants familiaux en situation d'épuisement", (None, None), "form",
     "fiche d'orientation aidants", 10, S.IN_FORCE, 120),
    ("Accompagnement des malades d'Alzheimer à domicile", SSIAD_TOURS, ALZ,
     "personnes atteintes de troubles cognitifs et leurs proches", (None, None), "phone",
     "permanence téléphonique", 7, S.IN_FORCE, -5),
    ("Aide à domicile après une chute", CH_LOCHES, ADMR,
     "personnes rentrant à domicile après une chute", (60, None), "form",
     "fiche de liaison hôpital-domicile", 3, S.IN_FORCE, 90),
    ("Consultations addictologie pour les jeunes suivis par le CCAS", CCAS_TOURS, CSAPA,
     "jeunes de 16 à 25 ans en difficulté avec une consommation", (16, 25), "phone",
     "consultation jeunes consommateurs", 5, S.UNDER_REVIEW, -40),
    ("Transport vers les consultations du Chinonais", CLIC_LOCHES, TRANSPORT,
     "personnes sans moyen de transport pour un rendez-vous médical", (None, None), "phone",
     "réservation 48 h à l'avance", 2, S.UNDER_REVIEW, -10),
    ("Soins infirmiers à domicile dans le Chinonais", CH_CHINON, SSIAD_CHINON,
     "personnes rentrant à domicile dans le Véron et le Chinonais", (60, None), "form",
     "fiche de liaison", 3, S.ADOPTED, 365),
    ("Aide aux courses après une hospitalisation", CH_CHINON, EPICERIE,
     "personnes isolées à faibles ressources", (None, None), "meeting",
     "commission d'attribution mensuelle", 15, S.ADOPTED, 365),
    ("Repérage de la fragilité par la maison de santé", MSP, CLIC_NO,
     "patients de 70 ans et plus repérés fragiles en consultation", (70, None), "platform",
     "plateforme régionale de coordination", 5, S.ADOPTED, 365),
    ("Aide à domicile en sortie d'HAD", HAD, SAAD,
     "patients sortant d'hospitalisation à domicile", (None, None), "form",
     "fiche de liaison HAD", 5, S.PROPOSED, 365),
    ("Relais SSIAD vers le CLIC pour les situations complexes", SSIAD_TOURS, CLIC_NO,
     "personnes dont la situation dépasse les soins infirmiers", (60, None), "email",
     "adresse fonctionnelle du CLIC", 5, S.PROPOSED, 365),
    ("Soutien des aidants de malades d'Alzheimer", ALZ, AIDANTS,
     "aidants de personnes atteintes de troubles cognitifs", (None, None), "phone",
     "permanence du mardi", 10, S.PROPOSED, 365),
    ("Urgences vers le CCAS pour les personnes sans domicile", CHU, CCAS_TOURS,
     "personnes sans domicile sortant des urgences", (18, None), "phone",
     "astreinte sociale", 1, S.DRAFT, None),
    ("Orientation vers la maison de santé à la sortie du SSR", SSR, MSP,
     "patients sans médecin traitant", (None, None), "form", "fiche d'adressage", 10,
     S.DRAFT, None),
    ("Aide à domicile des jeunes aidants", CLIC_LOCHES, ADMR,
     "familles où un enfant aide un parent malade", (None, None), "meeting",
     "réunion de concertation", 15, S.DRAFT, None),
    ("Transport solidaire vers les consultations d'addictologie", CSAPA, TRANSPORT,
     "personnes suivies sans moyen de transport", (None, None), "phone", "réservation", 3,
     S.DRAFT, None),
    ("Ancienne convention de portage de repas", CCAS_TOURS, SAAD,
     "personnes âgées ne pouvant préparer leurs repas", (60, None), "form", "fiche de demande",
     7, S.ENDED, None),
    ("Ancien relais de nuit de l'HAD", HAD, SSIAD_TOURS,
     "patients nécessitant un passage de nuit", (None, None), "phone", "ligne de nuit", 1,
     S.ENDED, None),
]  # fmt: skip

ADOPTED_OR_AFTER = {S.ADOPTED, S.IN_FORCE, S.UNDER_REVIEW}


def _first_service(organisation):
    return Service.objects.filter(organisation=organisation, live=True).order_by("pk").first()


def seed(context: DemoContext) -> None:
    territory = context.territory
    table = (
        Table.objects.filter(territory=territory, kind=Table.Kind.TACTICAL).order_by("pk").first()
    )
    decision = (
        Decision.objects.filter(meeting__table=table)
        .exclude(
            meeting__status__in=[
                MeetingStatus.PLANNED,
                MeetingStatus.CONVENED,
                MeetingStatus.CANCELLED,
            ]
        )  # fmt: skip
        .order_by("pk")
        .first()
    )
    pilot = context.users["pilot"]
    today = timezone.localdate()
    for row in AGREEMENTS:
        (title, from_org, to_org, public, (age_min, age_max), channel, details, days, state,
         review_in) = row  # fmt: skip
        if Agreement.objects.filter(territory=territory, title=title).exists():
            continue
        if state in ADOPTED_OR_AFTER and decision is None:
            continue
        parties = [context.organisations[from_org], context.organisations[to_org]]
        from_service, to_service = (_first_service(o) for o in parties)
        if from_service is None or to_service is None:
            continue
        agreement = Agreement.objects.create(
            territory=territory,
            title=title,
            public=public[:1].upper() + public[1:] + ".",
            procedure=f"Le service adresse la personne par : {details}.",
            commitments=f"Réponse sous {days} jours ouvrés ; bilan annuel devant la table.",
            effective_from=date(today.year - 1, 1, 1) if state != S.DRAFT else None,
            review_on=today + timedelta(days=review_in) if review_in is not None else None,
            ends_on=today - timedelta(days=30) if state == S.ENDED else None,
            state=state,
            table=table if state != S.DRAFT else None,
            decision=decision if state in ADOPTED_OR_AFTER else None,
            created_by=pilot,
        )
        agreement.parties.set(parties)
        Corridor.objects.create(
            agreement=agreement,
            from_service=from_service,
            to_service=to_service,
            public=public,
            age_min=age_min,
            age_max=age_max,
            channel=channel,
            channel_details=details,
            response_days=days,
        )
        AgreementEvent.objects.create(
            agreement=agreement, actor=pilot, from_state="", to_state=S.DRAFT,
            reason="Convention rédigée",
        )  # fmt: skip
        if state != S.DRAFT:
            AgreementEvent.objects.create(
                agreement=agreement, actor=pilot, from_state=S.DRAFT, to_state=state,
                transition="", reason="",
            )  # fmt: skip
