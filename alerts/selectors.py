"""What a saved search finds today, and how that differs from what it found before."""

import hashlib
import json
from dataclasses import dataclass, field

from django.http import QueryDict

from alerts.models import SavedSearch
from directory import selectors as directory_selectors
from directory.filters import SearchForm, ServiceFilterSet
from directory.models import Service

# Parameters of the directory's query string that describe a search (the page number does not).
SEARCH_PARAMETERS = ("q", "age", "commune", "referred", *ServiceFilterSet.base_filters)
CHUNK = 500  # services read at a time to describe them


def search_query_clean(query: str) -> str:
    """The query string of a search, kept to the parameters that describe it, in a stable order."""
    data = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        values = [v.strip() for v in data.getlist(name) if v.strip()]
        if not values:
            continue
        facet = name in ServiceFilterSet.base_filters
        kept.setlist(name, sorted(set(values)) if facet else values[:1])
    return kept.urlencode()


def search_input(query: str):
    """(search form, facets filterset) of a stored query string, both validated."""
    data = QueryDict(query)
    form = SearchForm(data)
    filterset = ServiceFilterSet(data, queryset=Service.objects.none())
    form.is_valid()
    filterset.is_valid()
    return form, filterset


def search_errors(query: str) -> list[str]:
    """Why a stored search can no longer be run (an unknown category, an absurd age...)."""
    form, filterset = search_input(query)
    errors = []
    for bound in (form, filterset.form):
        for name, messages in bound.errors.items():
            label = bound.fields[name].label if name in bound.fields else ""
            errors.extend(f"{label} : {message}" if label else message for message in messages)
    return errors


def _fingerprint(service) -> str:
    """What a person relying on the search cares about: who runs it and whom it takes."""
    facts = [
        service.name,
        service.organisation.name,
        service.age_min,
        service.age_max,
        service.access_mode,
        service.referrers,
        service.inclusion_criteria,
        service.exclusion_criteria,
        service.serves_whole_territory,
        sorted(c.pk for c in service.communes_served.all()),
        sorted(c.value for c in service.required_conditions.all()),
        sorted(c.value for c in service.categories.all()),
        sorted(p.value for p in service.publics.all()),
    ]
    encoded = json.dumps(facts, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def saved_search_results(
    saved: SavedSearch, *, among=None, described: dict | None = None
) -> dict[str, list] | None:
    """{service id: [fingerprint, name, slug]} of the live services the search finds (those
    that would take the person, when the search describes one: asked of the database), best
    first; None when the search can no longer be run. With `among` (ids), only the services
    among them are looked at. `described` keeps each service's [fingerprint, name, slug] from
    one search to the next of a run, so that a service is read once whatever the searches."""
    form, filterset = search_input(saved.query)
    if form.errors or filterset.form.errors:
        return None
    ids = directory_selectors.service_search_ids(
        query=form.cleaned_data["q"], filterset=filterset, person=form.person(), among=among
    )
    described = {} if described is None else described
    missing = [pk for pk in ids if pk not in described]
    for start in range(0, len(missing), CHUNK):
        services = Service.objects.filter(pk__in=missing[start : start + CHUNK])
        for service in directory_selectors.service_prefetched(services):
            described[service.pk] = [_fingerprint(service), service.name, service.slug]
    return {str(pk): described[pk] for pk in ids if pk in described}


@dataclass
class SearchChanges:
    """Services that entered or left the results, or whose criteria changed."""

    entered: list[dict] = field(default_factory=list)
    left: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)

    def __bool__(self):
        return bool(self.entered or self.left or self.changed)

    def as_json(self) -> dict:
        return {"entered": self.entered, "left": self.left, "changed": self.changed}

    @classmethod
    def from_json(cls, data: dict) -> "SearchChanges":
        return cls(
            entered=list(data.get("entered", [])),
            left=list(data.get("left", [])),
            changed=list(data.get("changed", [])),
        )

    def merged_with(self, later: "SearchChanges") -> "SearchChanges":
        """What a digest reports when `later` happened after `self`: a service that entered
        then left is not reported at all, one that left then came back has changed."""
        entered = {e["id"]: e for e in self.entered}
        left = {e["id"]: e for e in self.left}
        changed = {e["id"]: e for e in self.changed}
        for entry in later.entered:
            gone = left.pop(entry["id"], None)
            if gone is None:
                entered[entry["id"]] = entry
            elif gone.get("fp") != entry.get("fp"):  # came back with other criteria
                changed[entry["id"]] = entry
        for entry in later.left:
            if entry["id"] in entered:
                del entered[entry["id"]]
            else:
                changed.pop(entry["id"], None)
                left[entry["id"]] = entry
        for entry in later.changed:
            if entry["id"] not in entered:
                changed[entry["id"]] = entry
        return SearchChanges(
            entered=list(entered.values()), left=list(left.values()), changed=list(changed.values())
        )


def _entry(pk: str, row: list) -> dict:
    return {"id": pk, "fp": row[0], "name": row[1], "slug": row[2]}


def search_changes(before: dict, after: dict) -> SearchChanges:
    return SearchChanges(
        entered=[_entry(pk, row) for pk, row in after.items() if pk not in before],
        left=[_entry(pk, row) for pk, row in before.items() if pk not in after],
        changed=[
            _entry(pk, row) for pk, row in after.items() if pk in before and before[pk][0] != row[0]
        ],
    )


def saved_search_list_for(user):
    return SavedSearch.objects.filter(user=user).order_by("name", "pk")


def saved_search_by_token(token: str):
    """The saved search an alert's unsubscribe link names (the token is the only key)."""
    return SavedSearch.objects.filter(unsubscribe_token=token)
