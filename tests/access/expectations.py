"""Who may read each URL pattern of the portal: the declared expectation of the access matrix
(tests/access/test_url_matrix.py). Every pattern the resolver knows must be declared here, by
its name or by the prefix of a back office; a new view without a line here fails the matrix.

Roles: visitor (not signed in), outsider (signed in, no role), partner, case_manager (the filer
of the dysfunction below), tactical_member, executive, pilot (of the territory), pilot_b (pilot
of a second territory), coordinator (regional coordinator of territory A's region: reads, edits
nothing), administrator. `readers` may reach the page; every other role must be
refused (sent to sign in, 403, 404 or 405). `post=True`: the view only acts on POST, and the
matrix POSTs as each role that may not."""

from dataclasses import dataclass, field

ROLES = (
    "visitor", "outsider", "partner", "case_manager", "tactical_member", "executive", "pilot",
    "pilot_b", "coordinator", "administrator",
)  # fmt: skip
ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"visitor"}
NETWORK = SIGNED_IN - {"outsider", "coordinator"}
PILOTS = frozenset({"pilot", "pilot_b", "administrator"})
PILOT = frozenset({"pilot", "administrator"})
NOBODY = frozenset()
TABLES_A = frozenset({"tactical_member", "executive", "pilot", "coordinator", "administrator"})
TERRITORY_A = frozenset(
    {"partner", "case_manager", "tactical_member", "executive", "pilot", "administrator"}
)
# The published register of territory A: its people's, and its region's coordinator's.
REGISTER_A = TERRITORY_A | {"coordinator"}
COORDINATOR = frozenset({"coordinator", "administrator"})


@dataclass(frozen=True)
class Expect:
    readers: frozenset
    # Keyword arguments of the URL, from the world the matrix builds (territory A's objects).
    kwargs: tuple = ()
    post: bool = False
    why: str = ""
    extra: dict = field(default_factory=dict)


E = Expect
BY_NAME = {
    # --- portal
    "portal:dashboard": E(SIGNED_IN),
    "portal:profile": E(SIGNED_IN),
    "portal:personal_data": E(SIGNED_IN, why="one's own data only"),
    "portal:invitations": E(PILOTS),
    "portal:notifications": E(SIGNED_IN, why="one's own, for what one still sees"),
    "portal:notifications_read": E(SIGNED_IN, post=True, why="one's own only"),
    "portal:follow": E(SIGNED_IN, post=True, why="what one sees (404 otherwise)"),
    "portal:unfollow": E(NOBODY, ("bad_token",), why="signed link of an e-mail; a forged one"),
    "set_language": E(ALL, post=True),
    "javascript-catalog": E(ALL),
    "wagtail_serve": E(ALL, why="public editorial pages"),
    "autocomplete": E(SIGNED_IN, why="choices of a form, each list filtered by its own rule"),
    "communes": E(ALL, why="names and codes of communes, for the public directory's search"),
    # --- directory
    "directory:search": E(ALL),
    "directory:search_export": E(ALL),
    "directory:service_detail": E(ALL, ("service_slug",)),
    "directory:organisation_detail": E(ALL, ("organisation_slug",)),
    "directory:service_edit": E(PILOT, ("service_slug",)),
    "directory:service_verified": E(PILOT, ("service_slug",), post=True),
    "directory:service_suggest": E(SIGNED_IN, ("service_slug",)),
    "directory:suggestion_handled": E(PILOT, ("service_slug",), post=True),
    "directory:service_versions": E(PILOT, ("service_slug",)),
    "directory:service_create": E(PILOT, ("organisation_slug",)),
    "directory:review_list": E(PILOTS),
    "directory:review_service": E(PILOT, ("service_pk",)),
    "api:openapi-json": E(ALL),
    "api:openapi-view": E(ALL),
    "api:service_list": E(ALL),
    "api:service_search": E(ALL),
    "api:service_detail": E(ALL, ("service_slug",)),
    "api:organisation_list": E(ALL),
    "api:organisation_detail": E(ALL, ("organisation_slug",)),
    "api:api-root": E(ALL),
    # --- tables and meetings (the tactical table of territory A, its held meeting)
    "meetings:table_list": E(SIGNED_IN, why="lists only what one may see"),
    "meetings:table_create": E(PILOTS),
    "meetings:table_detail": E(TABLES_A, ("table_slug",)),
    "meetings:table_edit": E(PILOT, ("table_slug",)),
    "meetings:table_feed": E(ALL, ("table_slug",), why="public only if the table publishes"),
    "meetings:table_private_feed": E(
        NOBODY, ("table_slug", "bad_token"), why="secret address; a wrong one"
    ),
    "meetings:table_feed_renew": E(PILOT, ("table_slug",), post=True),
    "meetings:seat_add": E(PILOT, ("table_slug",)),
    "meetings:seat_end": E(PILOT, ("table_slug", "seat_pk"), post=True),
    "meetings:meeting_plan": E(PILOT, ("table_slug",)),
    "meetings:meeting_list": E(SIGNED_IN, why="lists only what one may see"),
    "meetings:calendar_subscribe": E(SIGNED_IN),
    "meetings:meeting_detail": E(TABLES_A, ("meeting_pk",)),
    "meetings:meeting_edit": E(PILOT, ("meeting_pk",)),
    "meetings:meeting_convene": E(PILOT, ("meeting_pk",), post=True),
    "meetings:meeting_cancel": E(PILOT, ("meeting_pk",)),
    "meetings:meeting_send_update": E(PILOT, ("meeting_pk",), post=True),
    "meetings:meeting_held": E(PILOT, ("meeting_pk",), post=True),
    "meetings:meeting_answer": E(
        frozenset({"tactical_member"}) | PILOT, ("meeting_pk",), post=True
    ),
    "meetings:stand_in": E(
        NOBODY, ("meeting_pk",), why="only the substitute a member sent (none in this world)"
    ),
    "meetings:attendance_edit": E(PILOT, ("meeting_pk",)),
    "meetings:agenda_carry_over": E(PILOT, ("meeting_pk",), post=True),
    "meetings:item_add": E(PILOT, ("meeting_pk",)),
    "meetings:item_edit": E(PILOT, ("meeting_pk", "item_pk")),
    "meetings:item_move": E(PILOT, ("meeting_pk", "item_pk"), post=True),
    "meetings:item_delete": E(PILOT, ("meeting_pk", "item_pk"), post=True),
    "meetings:agenda_pdf": E(TABLES_A, ("meeting_pk",)),
    "meetings:minutes_detail": E(
        frozenset({"tactical_member"}) | PILOT, ("meeting_pk",), why="draft minutes"
    ),
    "meetings:minutes_edit": E(PILOT, ("meeting_pk",)),
    "meetings:minutes_versions": E(PILOT, ("meeting_pk",)),
    "meetings:minutes_restore": E(PILOT, ("meeting_pk", "version_number"), post=True),
    "meetings:minutes_approve": E(PILOT, ("meeting_pk",), post=True),
    "meetings:minutes_publish": E(PILOT, ("meeting_pk",), post=True),
    "meetings:minutes_pdf": E(frozenset({"tactical_member"}) | PILOT, ("meeting_pk",)),
    "meetings:decision_add": E(PILOT, ("meeting_pk",)),
    "meetings:decision_register": E(SIGNED_IN, why="lists only what one may see"),
    "meetings:decision_detail": E(TABLES_A, ("decision_pk",)),
    "meetings:decision_vote": E(PILOT, ("decision_pk",)),
    "meetings:personal_feed": E(NOBODY, ("bad_token",), why="secret address; a wrong one"),
    # --- register (a qualified dysfunction of territory A, filed by the case manager)
    "register:list": E(SIGNED_IN, why="lists only what one may see"),
    "register:dysfunction_create": E(NETWORK),
    "register:dysfunction_similar": E(
        NETWORK, why="who files: the similar gaps they see, as JSON, while they type"
    ),
    "register:triage": E(PILOTS),
    "register:notifications": E(SIGNED_IN),
    "register:feedback_answer": E(NOBODY, ("bad_token",), why="signed link; a forged one"),
    "register:dysfunction_detail": E(REGISTER_A, ("dysfunction_pk",)),
    "register:dysfunction_edit": E(NOBODY, ("dysfunction_pk",), why="qualified: not editable"),
    "register:attachment_download": E(REGISTER_A, ("dysfunction_pk", "attachment_pk")),
    "register:dysfunction_submit": E(NOBODY, ("dysfunction_pk",), post=True),
    "register:dysfunction_me_too": E(
        TERRITORY_A - {"case_manager", "administrator"},
        ("dysfunction_pk",),
        post=True,
        why="who files dysfunctions in territory A, but its own filer",
    ),
    "register:dysfunction_action": E(PILOT, ("dysfunction_pk", "action_slug"), post=True),
    "register:proposal_list": E(TABLES_A | PILOTS),
    "register:proposal_create": E(PILOTS),
    "register:proposal_detail": E(TABLES_A, ("proposal_pk",)),
    "register:proposal_position": E(frozenset({"executive"}), ("proposal_pk",), post=True),
    "register:proposal_action": E(PILOT, ("proposal_pk", "proposal_action"), post=True),
    "register:indicators": E(frozenset({"executive"}) | PILOTS | COORDINATOR),
    "register:indicators_csv": E(frozenset({"executive"}) | PILOTS | COORDINATOR),
    "register:dysfunction_answer": E(
        NOBODY, ("dysfunction_pk",), post=True, why="the dysfunction names no organisation"
    ),
    # --- agreements (one proposed to territory A's tactical table; the partner edits a party)
    "agreements:list": E(SIGNED_IN, why="lists only what one may see"),
    "agreements:create": E(PILOTS),
    "agreements:detail": E(TERRITORY_A, ("agreement_pk",)),
    "agreements:edit": E(PILOT, ("agreement_pk",)),
    "agreements:corridor_add": E(PILOT, ("agreement_pk",), post=True),
    "agreements:corridor_remove": E(PILOT, ("agreement_pk", "corridor_pk"), post=True),
    "agreements:comment": E(PILOT | {"partner"}, ("agreement_pk",), post=True),
    "agreements:document": E(NOBODY, ("agreement_pk",), why="no signed document yet"),
    "agreements:step": E(PILOT, ("agreement_pk", "step_name"), post=True),
    "api:corridor_list": E(ALL),
    # --- saved searches (one of the case manager's)
    "alerts:list": E(SIGNED_IN),
    "alerts:edit": E(frozenset({"case_manager"}), ("saved_search_pk",), post=True),
    "alerts:delete": E(frozenset({"case_manager"}), ("saved_search_pk",), post=True),
    "alerts:unsubscribe": E(NOBODY, ("bad_token",), why="secret link; a forged one"),
    # --- the region (territory A's; territory B is in another region)
    "regions:index": E(SIGNED_IN, why="lists the regions; links to what one may read"),
    "regions:detail": E(PILOT | COORDINATOR, ("region_slug",), why="coordinator, pilots"),
    "regions:table_create": E(
        frozenset({"administrator"}), ("region_slug",), why="coordinators edit nothing"
    ),
    "regions:indicators": E(COORDINATOR, ("region_slug",), why="territories side by side"),
    "regions:directory": E(ALL, ("region_slug",), why="the public directory, one region's"),
}

# Back offices and account pages, by the prefix of their route: readers of every pattern below.
BY_PREFIX = (
    ("admin/login/", ALL, "the back office's sign-in form"),
    ("admin/logout/", ALL, "signing out"),
    ("admin/password_reset/", ALL, "the back office's password reset"),
    ("admin/jsi18n/", ALL, "the back office's translations"),
    ("admin/sprite/", ALL, "the back office's icons"),
    ("django-admin/login/", ALL, "the Django admin's sign-in form"),
    ("django-admin/logout/", ALL, "signing out"),
    ("admin/", PILOTS, "the Wagtail back office: administrators and pilots' editors"),
    ("django-admin/", frozenset({"administrator"}), "the Django admin"),
    ("comptes/", ALL, "sign-in, password reset and one's own account pages"),
    ("documents/", PILOTS | TABLES_A, "documents, served through their permission checks"),
    ("_util/", ALL, "Wagtail's password-protected page forms"),
    ("_wagtail", ALL, "Wagtail's public helpers"),
    ("favicon.ico", ALL, "the site's icon"),
)
