"""What apps above the meetings add to a meeting's follow-up item (the agenda's first item),
without the meetings knowing them: the agreements past their review date, for instance."""

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
