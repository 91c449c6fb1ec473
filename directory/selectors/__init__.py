"""Queries that the directory's pages, API and exports read, by sub-domain: entries and
organisations, the search, the pilot's review."""

from .entries import (
    organisation_detail_queryset,
    organisation_editors_emails,
    organisation_live_services,
    organisations_editors_emails,
    service_list_for_member,
    service_live,
    service_page_queryset,
    service_prefetched,
    service_with_details,
    territories_pilots_emails,
    territory_pilots_emails,
)
from .review import (
    service_awaiting_approval_for_pilot,
    service_changes,
    service_out_of_date,
    service_out_of_date_for_pilot,
    service_versions,
    suggestion_open,
    suggestion_open_for_pilot,
)
from .search import (
    EXCLUDED_SHOWN,
    MAX_HITS,
    PAGE_SIZE,
    ServiceSearchResult,
    service_ranked_ids,
    service_search,
    service_search_all,
    service_search_ids,
)

__all__ = [
    "EXCLUDED_SHOWN",
    "MAX_HITS",
    "PAGE_SIZE",
    "ServiceSearchResult",
    "organisation_detail_queryset",
    "organisation_editors_emails",
    "organisations_editors_emails",
    "organisation_live_services",
    "service_awaiting_approval_for_pilot",
    "service_changes",
    "service_page_queryset",
    "service_with_details",
    "service_list_for_member",
    "service_live",
    "service_out_of_date",
    "service_out_of_date_for_pilot",
    "service_prefetched",
    "service_ranked_ids",
    "service_search",
    "service_search_all",
    "service_search_ids",
    "service_versions",
    "suggestion_open",
    "suggestion_open_for_pilot",
    "territories_pilots_emails",
    "territory_pilots_emails",
]
