"""The directory's read-only JSON API (django-ninja, which writes the OpenAPI description at
/api/openapi.json from this code). Same filters and the same eligibility answer as the search
page; only published entries; professional contacts only for signed-in members of the network."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError

from directory import extensions, selectors
from directory.filters import SearchForm, ServiceFilterSet
from directory.models import Organisation, Service
from portal import versions
from portal.permissions import can

api = NinjaAPI(
    title="Tablée — annuaire commun",
    version="1.0",
    description=(
        "Read-only access to the published entries of the network's directory: services, "
        "organisations, and the search with its facets and eligibility answer."
    ),
    urls_namespace="api",
    # Served from the portal's own static files ("ninja" is an installed app), so the page
    # works under the portal's Content-Security-Policy.
    docs_url="/docs",
)


class ServiceFilters(Schema):
    """The search page's filters; each list parameter may repeat (?category=a&category=b)."""

    q: str | None = Field(None, description="Words searched in the entries (accents ignored).")
    category: list[str] = Field([], description="Category value (a data·inclusion thématique).")
    public: list[str] = Field([], description="Public value (a data·inclusion public).")
    served: list[str] = Field([], description="INSEE code of a commune the service serves.")
    access: list[str] = Field([], description="Access mode: direct, referral or both.")
    kind: list[str] = Field([], description="Kind of the organisation (hospital, ccas…).")
    page: int = Field(1, ge=1, description="Page number, from 1.")


class PersonFilters(ServiceFilters):
    """The person the search is for: the answer says which services would take them."""

    age: int | None = Field(None, ge=0, le=130, description="Age of the person, in years.")
    commune: str | None = Field(None, description="INSEE code of the commune the person lives in.")
    referred: bool = Field(False, description="Whether a professional refers the person.")


class PageFilter(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")


class Term(Schema):
    value: str
    label: str


class CommuneOut(Schema):
    insee_code: str
    name: str


class OrganisationRef(Schema):
    slug: str
    name: str
    kind: str
    url: str


class ProfessionalContact(Schema):
    contact: str
    phone: str
    email: str


class Eligibility(Schema):
    eligible: bool
    reasons: list[str]
    to_check: list[str]


class ServiceOut(Schema):
    slug: str
    name: str
    summary: str
    description: str
    url: str
    organisation: OrganisationRef
    categories: list[Term]
    publics: list[Term]
    public_details: str
    age_min: int | None
    age_max: int | None
    required_conditions: list[Term]
    inclusion_criteria: str
    exclusion_criteria: str
    serves_whole_territory: bool
    communes_served: list[CommuneOut]
    access_mode: str
    referral_required: bool
    referrers: str
    referral_form_url: str
    access_details: str
    phone: str
    email: str
    professional: ProfessionalContact | None
    hours: str
    fee: str
    cost_details: str
    languages: str
    accessibility: str
    waiting_time: str
    last_verified_on: date | None
    out_of_date: bool
    eligibility: Eligibility | None = None


class ServicePage(Schema):
    count: int
    page: int
    pages: int
    results: list[ServiceOut]


class FacetValue(Schema):
    value: str
    label: str
    count: int


class Excluded(Schema):
    service: ServiceOut
    eligibility: Eligibility


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ServiceOut]
    facets: dict[str, list[FacetValue]]
    excluded_count: int
    excluded: list[Excluded]


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    url: str
    address: str
    commune: CommuneOut | None
    website: str
    email: str
    phone: str


class OrganisationDetail(OrganisationOut):
    services_count: int
    page: int
    pages: int
    services: list[ServiceOut]


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class Problem(Schema):
    errors: dict[str, list[str]]


def _terms(items) -> list[dict]:
    return [{"value": i.value, "label": i.label} for i in items]


def _organisation_ref(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "url": organisation.get_absolute_url(),
    }


def _answer(answer) -> dict | None:
    if answer is None:
        return None
    return {
        "eligible": answer.eligible,
        "reasons": list(answer.reasons),
        "to_check": list(answer.to_check),
    }


def _service(service: Service, professional: bool) -> dict:
    return {
        **{
            name: getattr(service, name) or ""
            for name in (
                "slug",
                "name",
                "summary",
                "description",
                "public_details",
                "inclusion_criteria",
                "exclusion_criteria",
                "access_mode",
                "referrers",
                "referral_form_url",
                "access_details",
                "phone",
                "email",
                "hours",
                "fee",
                "cost_details",
                "languages",
                "accessibility",
                "waiting_time",
            )
        },  # fmt: skip
        "url": service.get_absolute_url(),
        "organisation": _organisation_ref(service.organisation),
        "categories": _terms(service.categories.all()),
        "publics": _terms(service.publics.all()),
        "required_conditions": _terms(service.required_conditions.all()),
        "communes_served": [
            {"insee_code": c.insee_code, "name": c.name} for c in service.communes_served.all()
        ],
        "age_min": service.age_min,
        "age_max": service.age_max,
        "serves_whole_territory": service.serves_whole_territory,
        "referral_required": service.referral_required,
        "professional": {
            "contact": service.professional_contact,
            "phone": service.professional_phone,
            "email": service.professional_email,
        }
        if professional
        else None,
        "last_verified_on": service.last_verified_on,
        "out_of_date": service.is_out_of_date(),
        "eligibility": _answer(getattr(service, "answer", None)),
    }


def _search_input(request):
    form = SearchForm(request.GET)
    filterset = ServiceFilterSet(request.GET, queryset=Service.objects.none())
    valid = form.is_valid()
    if not (filterset.is_valid() and valid):
        errors = {**form.errors.get_json_data(), **filterset.form.errors.get_json_data()}
        raise HttpError(400, {"errors": {k: [e["message"] for e in v] for k, v in errors.items()}})
    return form, filterset


def _kept(request, professional: bool, answer):
    """A list's answer, computed once for the directory's version and kept: the same question
    (path and query string) asked again is answered from the shared cache until the directory
    changes. Professional contacts are in the answer only for those who may read them."""
    _page_number(request)  # a bad page number is refused before anything is kept
    today = timezone.localdate().isoformat()  # each service says whether it is out of date
    language = translation.get_language()
    key = ("api", request.path, request.GET.urlencode(), language, professional, today)
    return versions.cached("directory", key, answer)


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        raise HttpError(400, {"errors": {"page": ["page must be a whole number"]}}) from None


@api.exception_handler(Http404)
def _not_found(request, exc):
    """A missing entry answers in the described shape (Problem), like every other error."""
    return api.create_response(request, {"errors": {"": [_("Not found.")]}}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    message = exc.message if isinstance(exc.message, dict) else {"errors": {"": [str(exc.message)]}}
    return api.create_response(request, message, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid_parameters(request, exc):
    """Bad query parameters answer 400 in the declared Problem shape, like the filters."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = str(error.get("loc", ["", ""])[-1])
        errors.setdefault(field, []).append(error.get("msg", ""))
    return api.create_response(request, {"errors": errors}, status=400)


SEARCH_PARAMETERS = (
    "Query string: q (words), category, public, served (INSEE code of a commune served), "
    "access, kind (each may repeat), age, commune (INSEE code) and referred (true) for the "
    "eligibility answer, page."
)


@api.get(
    "/services",
    response={200: ServicePage, 400: Problem},
    summary="Published services",
    description="Published services, filtered like the search page. " + SEARCH_PARAMETERS,
)
def service_list(request, filters: Query[ServiceFilters]):
    """Published services, filtered like the search page."""
    form, filterset = _search_input(request)
    professional = can(request.user, "directory.service.see_professional_contacts")

    def answer():
        result = selectors.service_search(
            query=form.cleaned_data["q"],
            filterset=filterset,
            page_number=_page_number(request),
            facets=False,
        )
        return {
            "count": result.total,
            "page": result.page.number,
            "pages": result.page.paginator.num_pages,
            "results": [_service(s, professional) for s in result.page.object_list],
        }

    return _kept(request, professional, answer)


@api.get("/search", response={200: SearchOut, 400: Problem}, summary="Search with eligibility")
def service_search(request, filters: Query[PersonFilters]):
    """The search page as data: results (only those that would take the person when age or
    commune are given), facet counts, and the excluded services with their reasons."""
    form, filterset = _search_input(request)
    professional = can(request.user, "directory.service.see_professional_contacts")

    def answer():
        result = selectors.service_search(
            query=form.cleaned_data["q"],
            filterset=filterset,
            person=form.person(),
            page_number=_page_number(request),
        )
        return {
            "count": result.total,
            "page": result.page.number,
            "pages": result.page.paginator.num_pages,
            "results": [_service(s, professional) for s in result.page.object_list],
            "facets": result.facets,
            "excluded_count": result.excluded_total,
            "excluded": [
                {"service": _service(s, professional), "eligibility": _answer(a)}
                for s, a in result.excluded
            ],
        }

    return _kept(request, professional, answer)


@api.get("/services/{slug}", response={200: ServiceOut, 404: Problem}, summary="One service")
def service_detail(request, slug: str):
    # The API publishes the live entries only, whoever asks.
    service = get_object_or_404(selectors.service_prefetched(selectors.service_live()), slug=slug)
    return _service(service, can(request.user, "directory.service.see_professional_contacts"))


def _organisation(organisation: Organisation) -> dict:
    commune = organisation.commune
    return {
        **_organisation_ref(organisation),
        "address": organisation.address,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "commune": {"insee_code": commune.insee_code, "name": commune.name} if commune else None,
    }


@api.get("/organisations", response={200: OrganisationPage, 400: Problem}, summary="Organisations")
def organisation_list(request, filters: Query[PageFilter]):
    """Organisations of the network, by name, 50 a page."""
    from django.core.paginator import Paginator

    paginator = Paginator(Organisation.objects.select_related("commune").order_by("name"), 50)
    page = paginator.get_page(_page_number(request))
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_organisation(o) for o in page.object_list],
    }


@api.get(
    "/organisations/{slug}",
    response={200: OrganisationDetail, 400: Problem, 404: Problem},
    summary="One organisation",
)
def organisation_detail(request, slug: str, filters: Query[PageFilter]):
    """An organisation with its published services, by name, 50 a page (`page`)."""
    from django.core.paginator import Paginator

    organisation = get_object_or_404(
        selectors.organisation_detail_queryset(request.user), slug=slug
    )
    paginator = Paginator(selectors.organisation_live_services(organisation), 50)
    page = paginator.get_page(_page_number(request))
    professional = can(request.user, "directory.service.see_professional_contacts")
    return {
        **_organisation(organisation),
        "services_count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "services": [_service(s, professional) for s in page.object_list],
    }


for _prefix, _router in extensions.api_routers():
    api.add_router(_prefix, _router)

urlpatterns = [path("", api.urls)]
