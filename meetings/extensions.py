"""What apps above the meetings add to a meeting's pages without the meetings knowing them:
entries of the follow-up item (the agenda's first item: the agreements past their review date,
for instance), what was taken in the meeting, links beside agenda items."""

from collections.abc import Callable

_follow_up: dict[str, tuple[str, Callable]] = {}


def register_follow_up(*, key: str, title: str, get_entries: Callable) -> None:
    """`get_entries(meeting)` answers the entries to review, each a dict with `text`, `url` and
    `note`; `title` captions their list under the follow-up item."""
    _follow_up[key] = (title, get_entries)


def follow_up_sections(meeting) -> list[dict]:
    sections = []
    for key, (title, get_entries) in _follow_up.items():
        entries = get_entries(meeting)
        if entries:
            sections.append({"key": key, "title": title, "entries": entries})
    return sections


# What apps above the meetings record as taken in a meeting (the proposals the strategic table
# decided there, for instance): listed on the meeting's page and in its minutes.
_taken_here: dict[str, tuple[str, Callable]] = {}


def register_taken_in_meeting(*, key: str, title: str, get_entries: Callable) -> None:
    """`get_entries(meeting, user)` answers the entries `user` may see, each a dict with `text`,
    `url` and `note`, and optionally the `vote` (a DecisionVote) taken on it; `title` captions
    their list."""
    _taken_here[key] = (title, get_entries)


def taken_in_meeting(meeting, user) -> list[dict]:
    sections = []
    for key, (title, get_entries) in _taken_here.items():
        entries = get_entries(meeting, user)
        if entries:
            sections.append({"key": key, "title": title, "entries": entries})
    return sections


# Links that apps above the meetings offer beside agenda items about their objects (record the
# strategic decision on a proposal, for instance).
_item_links: list[Callable] = []


def register_item_links(get_links: Callable) -> None:
    """`get_links(meeting, items, user)` answers {item pk: [{"text": …, "url": …}, …]} for
    the items it knows the subject of."""
    _item_links.append(get_links)


def item_links(meeting, items, user) -> dict[int, list[dict]]:
    links: dict[int, list[dict]] = {}
    for get_links in _item_links:
        for pk, entries in get_links(meeting, items, user).items():
            links.setdefault(pk, []).extend(entries)
    return links


# What an agenda item may be about, offered by the apps above the meetings (a dysfunction, a
# proposal): each adds a searched choice to the item's form.
_item_subjects: dict[str, tuple[type, Callable]] = {}


def register_item_subject(*, key: str, model: type, make_field: Callable) -> None:
    """`make_field(meeting)` answers the form field (a ModelChoiceField, not required) that
    chooses an instance of `model` for an item of `meeting`."""
    _item_subjects[key] = (model, make_field)


def item_subject_kinds() -> dict[str, tuple[type, Callable]]:
    return dict(_item_subjects)
