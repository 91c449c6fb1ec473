"""What agreements add to other pages: the corridors in force on services' pages, a note in
the directory's eligibility answers, the pilot's panel of agreements to review, the menu."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import selectors
from agreements.models import Agreement
from directory.extensions import register_search_notes, register_service_section
from meetings.extensions import register_follow_up
from portal.dashboard import register_panel
from portal.follows import register_followable
from portal.navigation import register_nav_item
from portal.permissions import Role, can, roles_of


def _reads_corridors(user) -> bool:
    return can(user, "directory.service.see_professional_contacts")


def _service_corridors(service, user):
    if not _reads_corridors(user):
        return None
    corridors = selectors.corridors_binding_for_services([service.pk])
    return {
        "outgoing": [c for c in corridors if c.from_service_id == service.pk],
        "incoming": [c for c in corridors if c.to_service_id == service.pk],
    }


def _corridor_notes(services, person, user) -> dict[int, list[str]]:
    if not _reads_corridors(user):
        return {}
    listed = {service.pk for service in services}
    notes: dict[int, list[str]] = {}
    for corridor in selectors.corridors_binding_for_services(listed):
        if corridor.to_service_id not in listed or not corridor.takes_age(person.age):
            continue
        note = _("Corridor “%(agreement)s”: %(service)s refers %(public)s here") % {
            "agreement": corridor.agreement.title,
            "service": corridor.from_service.name,
            "public": corridor.public,
        }
        if corridor.response_days is not None:
            note += ", " + _("answer within %(days)d working days") % {
                "days": corridor.response_days
            }
        notes.setdefault(corridor.to_service_id, []).append(note + ".")
    return notes


register_service_section(
    key="corridors",
    template="agreements/includes/service_corridors.html",
    order=20,
    get_context=_service_corridors,
)
register_search_notes(
    key="corridors",
    get_notes=_corridor_notes,
    shown_to=_reads_corridors,
    versions=("agreements",),
)
register_panel(
    key="agreements_to_review",
    title=gettext_lazy("Agreements to review"),
    template="agreements/panels/past_review.html",
    roles={Role.PILOT},
    order=48,
    get_context=lambda user: {
        "agreements": list(selectors.agreement_past_review_for_pilot(user)[:10])
    },
    kept_for=("agreements",),  # past review from a day to the next: the day is in what is kept
)
register_nav_item(
    key="agreements",
    label=gettext_lazy("Agreements"),
    url_name="agreements:list",
    order=35,
    shown_to=lambda user: bool(roles_of(user)),
)


def _agreements_to_review(meeting) -> list[dict]:
    """Under the follow-up item of a tactical meeting: its table's agreements past review."""
    return [
        {
            "text": agreement.title,
            "url": agreement.get_absolute_url(),
            "note": _("to review since %(date)s")
            % {"date": agreement.review_on.strftime("%d/%m/%Y")},
        }
        for agreement in selectors.agreement_past_review_for_table(
            meeting.table_id, on=timezone.localtime(meeting.starts_at).date()
        )
    ]


register_follow_up(
    key="agreements_to_review",
    title=gettext_lazy("Agreements to review"),
    get_entries=_agreements_to_review,
)


# The parties' editors and the pilots are e-mailed of every move by the agreement's notices.
register_followable(
    Agreement, label=gettext_lazy("Agreement"), told_by_email=selectors.agreement_recipients
)
