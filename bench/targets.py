"""What bench/run requests, for which role: the pages of the issue, found in the loaded region."""

from django.contrib.auth import get_user_model

from directory.models import Service
from meetings.models import CalendarToken, Meeting, MeetingStatus, Seat, TableCalendarToken
from portal.demo import ACCOUNTS
from portal.models import RegionalCoordinator, Territory
from portal.permissions import visible_to
from register.models import Dysfunction, DysfunctionState, Proposal

ROLES = ["anonymous", "case_manager", "partner", "tactical_member", "executive", "pilot",
         "administrator", "coordinator"]  # fmt: skip
# The regional coordinator of the demo's region (regions/demo.py), which the loaded
# territories join: their pages read the whole region.
COORDINATOR = "coordination@example.org"
DIRECTORY_ROLES = {"anonymous", "case_manager", "pilot"}
MEETING_ROLES = {"anonymous", "tactical_member", "executive", "pilot"}
REGISTER_ROLES = {"case_manager", "tactical_member", "pilot"}
PROPOSAL_ROLES = {"tactical_member", "executive", "pilot"}
INDICATOR_ROLES = {"executive", "pilot"}
# Who reads the meetings of a table where they sit (the others read the member's table).
SEATED_ROLES = {"tactical_member", "executive"}

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
        email = COORDINATOR if role == "coordinator" else ACCOUNTS[role][0]
        users[role] = User.objects.get(email=email)
    return users


def _table_objects(user):
    """A table where `user` sits (a loaded one when there is), its meetings and feeds."""
    seats = Seat.objects.filter(user=user).select_related("table")
    table = (seats.filter(table__slug__startswith="region-table-").first() or seats.first()).table
    meetings = Meeting.objects.filter(table=table)
    agenda = (
        meetings.filter(status=MeetingStatus.CONVENED).order_by("starts_at").first()
        or meetings.order_by("-starts_at").first()
    )
    minutes = meetings.filter(status=MeetingStatus.PUBLISHED).order_by("-starts_at").first()
    token, _ = CalendarToken.objects.get_or_create(user=user)
    table_token, _ = TableCalendarToken.objects.get_or_create(table=table)
    return {
        "table": table,
        "agenda": agenda,
        "minutes": minutes,
        "token": token.token,
        "table_token": table_token.token,
    }


def _objects(role, user):
    """What `role` reads: the table where they sit (the member's table for the others: the
    visitor reads its public feed, the pilot pilots it), a dysfunction in every state and a
    proposal that they see (their own first)."""
    User = get_user_model()
    home = Territory.objects.get(slug="touraine")
    member = User.objects.get(email=ACCOUNTS["tactical_member"][0])
    found = _table_objects(user if role in SEATED_ROLES else member)
    if role not in SEATED_ROLES and user is not None:
        found["token"] = CalendarToken.objects.get_or_create(user=user)[0].token
    found["dysfunctions"] = {}
    if user is not None:
        for state in DysfunctionState:
            rows = visible_to(user, Dysfunction.objects.filter(territory=home, state=state))
            rows = rows.order_by("-pk")
            filed = rows.filter(filer=user).first()
            found["dysfunctions"][state] = filed or rows.first()
        proposals = visible_to(user, Proposal.objects.filter(state="submitted")).order_by("-pk")
        found["proposal"] = proposals.first()
    found["service"] = Service.objects.filter(live=True, slug__startswith="region-service-").first()
    return found


_cache = {}


def pages(role):
    """(label, address) of every page the role reads."""
    if role not in _cache:
        _cache[role] = _objects(role, role_users()[role])
    o = _cache[role]
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
        if role != "anonymous":
            found.append(("personal feed", f"/calendrier/{o['token']}.ics"))
    if role in REGISTER_ROLES:
        found += [("/registre/", "/registre/")]
        if role == "pilot":
            found.append(("/registre/a-trier/", "/registre/a-trier/"))
        for state, dysfunction in o["dysfunctions"].items():
            if dysfunction is not None:
                found.append((f"dysfunction: {state}", f"/registre/{dysfunction.pk}/"))
    if role in PROPOSAL_ROLES and o.get("proposal") is not None:
        found += [
            ("/propositions/", "/propositions/"),
            ("proposal page", f"/propositions/{o['proposal'].pk}/"),
        ]
        if role == "pilot":
            found.append(("new proposal form", "/propositions/nouvelle/"))
    if role in INDICATOR_ROLES:
        found += [("/indicateurs/", "/indicateurs/"), ("indicators CSV", "/indicateurs/export.csv")]
    if role == "coordinator":
        region = RegionalCoordinator.objects.filter(user=role_users()[role]).first().region
        found += [
            ("/region/", "/region/"),
            ("region page", f"/region/{region.slug}/"),
            ("region indicators, side by side", f"/region/{region.slug}/indicateurs/"),
            ("region directory", f"/region/{region.slug}/annuaire/?q=aidants"),
            ("/indicateurs/ (the region's)", "/indicateurs/"),
            ("/registre/", "/registre/"),
            ("/tables/", "/tables/"),
            ("/decisions/", "/decisions/"),
        ]
    if role != "anonymous":
        found.append(("/mon-espace/", "/mon-espace/"))
    return found
