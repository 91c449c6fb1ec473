"""The one way an object with a life cycle changes state.

Each model with a life cycle declares a `Workflow` beside its states: named transitions (name →
from-states → to-state → the permission rule that allows it) and the concrete `TransitionLog`
subclass that keeps its history. Services move objects with `transition()` only: it asks the
rule, locks the row, checks the current state, assigns the new one, saves, appends the log entry
and queues the notifications, in one transaction. Pages list the buttons they offer with
`available_transitions()`, from the same table. portal/ knows no domain app: the apps declare
their workflows and pass their objects in.

Stale actions: every action form carries the version of the object the person saw
(`{% seen_version obj %}`: the id of its latest history entry). The request's versions are
handed to `transition()` by `versions_seen()` (the SeenVersionsMiddleware wraps every POST in
it), which refuses to move an object whose history grew since the page was read — a pilot
cannot reject what another has just qualified without seeing it first.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction as db
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.follows import notify_followers
from portal.permissions import can, ensure
from portal.privacy import check_texts


@dataclass(frozen=True)
class Transition:
    """One named move: from any of `sources` to `target`, for those the `rule` allows."""

    name: str
    sources: frozenset
    target: str
    rule: str
    label: str = ""

    def applies_to(self, state) -> bool:
        return state in self.sources


class Workflow:
    """The life cycle of one model: its state field, its named transitions and its log.

    `subject` is the name of the log's foreign key to the object.
    `prepare(obj, move, now, from_state)`, if given, sets the fields that go with entering a
    state (dates). `notify(obj, entry)`, or its dotted path so that a models module need not
    import its services, tells people of a log entry: in-portal rows at once, e-mail once the
    transaction commits.
    `error_field` keys refusals to a form field."""

    def __init__(
        self,
        *,
        model,
        states,
        log,
        subject: str,
        transitions: Iterable[Transition],
        field: str = "state",
        prepare: Callable | None = None,
        notify: Callable | None = None,
        error_field: str | None = None,
    ):
        self.model = model
        self.states = states
        self.log = log
        self.subject = subject
        self.field = field
        self.prepare = prepare
        self.notify = notify
        self.error_field = error_field
        self.transitions = {t.name: t for t in transitions}
        unknown = {s for t in self.transitions.values() for s in {*t.sources, t.target}} - set(
            states.values
        )
        if unknown:
            raise ValueError(f"{model.__name__}: unknown states {sorted(unknown)}")
        model.workflow = self

    def __getitem__(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise LookupError(f"{self.model.__name__} has no transition {name!r}.") from None

    def targets_from(self, state) -> set:
        """The states reachable from `state` in one move."""
        return {t.target for t in self.transitions.values() if t.applies_to(state)}

    def find(self, from_state, to_state) -> Transition | None:
        """The transition that moves `from_state` to `to_state`, if there is one."""
        for move in self.transitions.values():
            if move.target == to_state and move.applies_to(from_state):
                return move
        return None

    def label(self, state) -> str:
        return str(self.states(state).label) if state in self.states.values else str(state)

    def stale(self, obj, current) -> ValidationError:
        message = _(
            "%(object)s changed since you opened the page (it is now “%(current)s”). Nothing "
            "was done: read the page again, what you typed is kept."
        ) % {
            "object": getattr(obj, "reference", None) or str(obj),
            "current": self.label(current),
        }
        if self.error_field:
            return ValidationError({self.error_field: ValidationError(message, code="stale")})
        return ValidationError(message, code="stale")

    def refusal(self, obj, current, target) -> ValidationError:
        message = _("%(object)s is “%(current)s”: it cannot become “%(target)s”.") % {
            "object": getattr(obj, "reference", None) or str(obj),
            "current": self.label(current),
            "target": self.label(target),
        }
        if self.error_field:
            return ValidationError({self.error_field: ValidationError(message, code="transition")})
        return ValidationError(message, code="transition")


def workflow_of(obj) -> Workflow:
    try:
        return obj.workflow
    except AttributeError:
        raise LookupError(f"{type(obj).__name__} declares no workflow.") from None


# --- the version a person saw ----------------------------------------------------------

SEEN_FIELD = "seen"
_seen: ContextVar[dict | None] = ContextVar("portal_versions_seen", default=None)


def _object_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def version_of(obj) -> int:
    """The id of the latest entry of `obj`'s history (0 before the first)."""
    workflow = workflow_of(obj)
    latest = (
        workflow.log.objects.filter(**{workflow.subject: obj})
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0


def seen_value(obj, version: int | None = None) -> str:
    """What an action form carries in its `seen` field: the object and the version shown. A
    page that shows the whole history gives its latest entry's id as `version` (the version
    the person reads, without asking again)."""
    return f"{_object_key(obj)}:{version_of(obj) if version is None else version}"


@contextmanager
def versions_seen(values: Iterable[str]):
    """Within the block, `transition()` refuses to move an object listed in `values` (as
    `seen_value` wrote them) whose version is no longer the one seen. Each is checked once: a
    service that moves the same object twice is not refused by its own first move."""
    seen = {}
    for value in values:
        key, _sep, version = str(value).rpartition(":")
        if key and version.isdigit():
            seen[key] = int(version)
    token = _seen.set(seen)
    try:
        yield
    finally:
        _seen.reset(token)


def _check_seen(obj, workflow, current) -> None:
    seen = _seen.get()
    if not seen:
        return
    expected = seen.pop(_object_key(obj), None)
    if expected is not None and version_of(obj) != expected:
        raise workflow.stale(obj, current)


def allows(obj, name: str) -> bool:
    """Whether the table lets `obj`, in its current state, take the transition `name`."""
    workflow = workflow_of(obj)
    return workflow[name].applies_to(getattr(obj, workflow.field))


def available_transitions(obj, user) -> list[Transition]:
    """The transitions `user` may take on `obj` now: the state allows them and so do the rules."""
    workflow = workflow_of(obj)
    state = getattr(obj, workflow.field)
    return [
        move
        for move in workflow.transitions.values()
        if move.applies_to(state) and can(user, move.rule, obj)
    ]


def record(
    obj,
    *,
    actor,
    reason: str = "",
    transition: str = "",
    from_state=None,
    to_state=None,
    notify: bool = True,
):
    """Append an entry to `obj`'s history without moving it (a note, or the first entry of a
    new object), and tell those concerned. The reason is read by the tables: the personal-data
    guard refuses it if it names a patient."""
    check_texts(reason=reason or "")
    workflow = workflow_of(obj)
    state = getattr(obj, workflow.field)
    entry = workflow.log(
        **{workflow.subject: obj},
        actor=actor,
        from_state=state if from_state is None else from_state,
        to_state=state if to_state is None else to_state,
        transition=transition,
        reason=reason or "",
    )
    entry.save()
    notify_followers(
        obj,
        actor=actor,
        from_state=entry.from_state,
        to_state=entry.to_state,
        text=entry.reason,
        email=notify,
    )
    if notify and workflow.notify is not None:
        tell = workflow.notify
        if isinstance(tell, str):
            tell = import_string(tell)
        tell(obj, entry)
    return entry


def note(obj, *, actor, reason: str):
    """Append a note to `obj`'s history without moving it (what a person adds to an object
    whose state stays), refused like a move if the object changed since the page was read."""
    workflow = workflow_of(obj)
    with db.atomic():
        current = (
            type(obj)
            ._default_manager.select_for_update()
            .values_list(workflow.field, flat=True)
            .get(pk=obj.pk)
        )
        _check_seen(obj, workflow, current)
        return record(obj, actor=actor, reason=reason)


def transition(obj, name: str, *, actor, reason: str = "", notify: bool = True, **fields):
    """Move `obj` by the transition `name`: the rule is asked, the row locked and its current
    state read from the database; the new state and `fields` are saved, the history entry
    written and the notifications queued. Returns the history entry."""
    from django.utils import timezone

    workflow = workflow_of(obj)
    move = workflow[name]
    ensure(actor, move.rule, obj)
    with db.atomic():
        current = (
            type(obj)
            ._default_manager.select_for_update()
            .values_list(workflow.field, flat=True)
            .get(pk=obj.pk)
        )
        _check_seen(obj, workflow, current)
        if not move.applies_to(current):
            raise workflow.refusal(obj, current, move.target)
        setattr(obj, workflow.field, move.target)
        for field_name, value in fields.items():
            setattr(obj, field_name, value)
        if workflow.prepare is not None:
            workflow.prepare(obj, move, timezone.now(), current)
        obj.save()
        return record(
            obj,
            actor=actor,
            reason=reason,
            transition=move.name,
            from_state=current,
            to_state=move.target,
            notify=notify,
        )
