"""The corridors in force, in the directory's read-only API (/api/corridors): which service
refers which public to which, by which channel, answered within how many working days. Neither
HSDS 3.0 nor data·inclusion has a place for referral agreements, so this is where the network
publishes them."""

from ninja import Router, Schema

from agreements.models import BINDING, Corridor

router = Router(tags=["corridors"])


class ServiceRef(Schema):
    slug: str
    name: str
    organisation: str


class CorridorOut(Schema):
    agreement: str
    agreement_state: str
    review_on: str | None = None
    from_service: ServiceRef
    to_service: ServiceRef
    public: str
    age_min: int | None = None
    age_max: int | None = None
    channel: str
    response_days: int | None = None


class Problem(Schema):
    """The directory API's error shape (a bad address is refused before the view)."""

    errors: dict[str, list[str]]


class CorridorPage(Schema):
    count: int
    results: list[CorridorOut]


def _ref(service) -> dict:
    return {"slug": service.slug, "name": service.name, "organisation": service.organisation.name}


@router.get("/corridors", response={200: CorridorPage, 400: Problem}, summary="Corridors in force")
def corridor_list(request, service: str | None = None):
    """Corridors of the agreements in force or under review, between published services.
    `service` (a service's slug) keeps those that start or end at that service."""
    corridors = (
        Corridor.objects.filter(
            agreement__state__in=BINDING, from_service__live=True, to_service__live=True
        )
        .select_related("agreement", "from_service__organisation", "to_service__organisation")
        .order_by("pk")
    )
    if service:
        corridors = corridors.filter(from_service__slug=service) | corridors.filter(
            to_service__slug=service
        )
    results = [
        {
            "agreement": c.agreement.title,
            "agreement_state": c.agreement.state,
            "review_on": c.agreement.review_on.isoformat() if c.agreement.review_on else None,
            "from_service": _ref(c.from_service),
            "to_service": _ref(c.to_service),
            "public": c.public,
            "age_min": c.age_min,
            "age_max": c.age_max,
            "channel": c.channel,
            "response_days": c.response_days,
        }
        for c in corridors[:1000]
    ]
    return {"count": corridors.count(), "results": results}
