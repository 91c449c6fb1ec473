"""What bench/run requests, for which role: the pages of the issue, found in the loaded region."""

from django.contrib.auth import get_user_model

from directory.models import Service
from meetings.models import CalendarToken, Meeting, MeetingStatus, Seat, TableCalendarToken
from portal.demo import ACCOUNTS
from portal.models import Territory
from register.models import Dysfunction, DysfunctionState, Proposal

ROLES = ["anonymous", "case_manager", "partner", "tactical_member", "executive", "pilot",
         "administrator"]  # fmt: skip
DIRECTORY_ROLES = {"anonymous", "case_manager", "pilot"}
MEETING_ROLES = {"anonymous", "tactical_member", "executive", "pilot"}
REGISTER_ROLES = {"case_manager", "tactical_member", "pilot"}
PROPOSAL_ROLES = {"tactical_member", "executive", "pilot"}
INDICATOR_ROLES = {"executive", "pilot"}

SEARCHES = [
    ("directory: no words", "/annuaire/"),
    ("directory: words", "/annuaire/?q=aidants"),
    ("directory: words + facet", "/annuaire/?q=hebergement+temporaire&public=seniors"),
    (
        "directory: age + commune",
        "/annuaire/?category=famille--soutien-aidants&age=75&commune=37261",
    ),
    (
        "directory: words + facet + eligibility",
        "/annuaire/?q=soins+domicile&age=82&commune=37072&kind=ssiad",
    ),
]


def role_users():
    User = get_user_model()
    users = {"anonymous": None}
    for role in ROLES[1:]:
        users[role] = User.objects.get(email=ACCOUNTS[role][0])
    return users


def _objects():
    User = get_user_model()
    home = Territory.objects.get(slug="touraine")
    member = User.objects.get(email=ACCOUNTS["tactical_member"][0])
    case_manager = User.objects.get(email=ACCOUNTS["case_manager"][0])
    seats = Seat.objects.filter(user=member).select_related("table")
    table = (seats.filter(table__slug__startswith="region-table-").first() or seats.first()).table
    meetings = Meeting.objects.filter(table=table)
    agenda = meetings.filter(status=MeetingStatus.CONVENED).order_by("starts_at").first()
    minutes = meetings.filter(status=MeetingStatus.PUBLISHED).order_by("-starts_at").first()
    token, _ = CalendarToken.objects.get_or_create(user=member)
    table_token, _ = TableCalendarToken.objects.get_or_create(table=table)
    dysfunctions = {}
    for state in DysfunctionState:
        rows = Dysfunction.objects.filter(territory=home, state=state).order_by("-pk")
        filed = rows.filter(filer=case_manager).first()
        dysfunctions[state] = filed or rows.first()
    proposal = Proposal.objects.filter(territory=home, state="submitted").order_by("-pk").first()
    service = Service.objects.filter(live=True, slug__startswith="region-service-").first()
    return {
        "table": table,
        "agenda": agenda,
        "minutes": minutes,
        "token": token.token,
        "table_token": table_token.token,
        "dysfunctions": dysfunctions,
        "proposal": proposal,
        "service": service,
    }


_cache = {}


def pages(role):
    """(label, address) of every page the role reads."""
    o = _cache.get("objects") or _cache.setdefault("objects", _objects())
    found = []
    if role in DIRECTORY_ROLES:
        found += SEARCHES
        found += [
            ("service page", f"/annuaire/services/{o['service'].slug}/"),
            ("API search", "/api/search?q=aidants&age=80&commune=37261"),
            ("API list", "/api/services?q=aidants"),
            ("API list, no words", "/api/services"),
            ("CSV export (all)", "/annuaire/export.csv"),
            ("CSV export (words)", "/annuaire/export.csv?q=aidants"),
        ]
    if role in MEETING_ROLES:
        table, agenda, minutes = o["table"], o["agenda"], o["minutes"]
        found += [
            ("/tables/", "/tables/"),
            ("table page", f"/tables/{table.slug}/"),
            ("table feed", f"/tables/{table.slug}/calendrier/{o['table_token']}.ics"),
            ("/reunions/", "/reunions/"),
            ("/decisions/", "/decisions/"),
            ("agenda", f"/reunions/{agenda.pk}/"),
            ("agenda PDF", f"/reunions/{agenda.pk}/ordre-du-jour.pdf"),
            ("minutes", f"/reunions/{minutes.pk}/compte-rendu/"),
            ("minutes PDF", f"/reunions/{minutes.pk}/compte-rendu.pdf"),
        ]
        if role == "tactical_member":
            found.append(("personal feed", f"/calendrier/{o['token']}.ics"))
    if role in REGISTER_ROLES:
        found += [("/registre/", "/registre/")]
        if role == "pilot":
            found.append(("/registre/a-trier/", "/registre/a-trier/"))
        for state, dysfunction in o["dysfunctions"].items():
            if dysfunction is not None:
                found.append((f"dysfunction: {state}", f"/registre/{dysfunction.pk}/"))
    if role in PROPOSAL_ROLES:
        found += [
            ("/propositions/", "/propositions/"),
            ("proposal page", f"/propositions/{o['proposal'].pk}/"),
        ]
        if role == "pilot":
            found.append(("new proposal form", "/propositions/nouvelle/"))
    if role in INDICATOR_ROLES:
        found += [("/indicateurs/", "/indicateurs/"), ("indicators CSV", "/indicateurs/export.csv")]
    if role != "anonymous":
        found.append(("/mon-espace/", "/mon-espace/"))
    return found
