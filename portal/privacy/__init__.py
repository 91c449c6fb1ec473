"""The personal-data guard.

A dysfunction describes a situation, never a person; so does every text stored about a
situation or shown to a table (comments, positions, answers, suggestions, proposals, minutes).
These pure functions look for what would identify a patient in a text (social-security and
health-insurance numbers, phone numbers, e-mail addresses, full dates of birth, street
addresses with a number, persons' names) and return findings that say where and why, so that a
form can point to the offending text and a service can refuse to store it. `check_texts` is the
one call services make: it bounds each text's length and refuses personal data.

The guard errs on the side of caution for identifiers (a number shaped like a NIR is refused
even if its key is wrong) and on the side of leniency for words (a commune called
Saint-Martin, "M. le directeur du CCAS", "EHPAD Jean Jaurès", the date of a meeting pass).
Every pattern is linear in the text's length (see patterns.py)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import patterns
from .bounds import TEXT_MAX_LENGTH
from .names import find_names

# Findings reported per text: enough to point at the problem, never a wall of messages.
MAX_FINDINGS_PER_TEXT = 20


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data."""

    field: str
    excerpt: str
    reason: str
    kind: str
    start: int
    end: int


REASONS = {
    "nir": _("looks like a French social-security number (NIR)"),
    "nam": _("looks like a Québec health-insurance number (NAM)"),
    "email": _("looks like an e-mail address"),
    "phone": _("looks like a phone number"),
    "birth_date": _("looks like a full date of birth"),
    "address": _("looks like a street address"),
    "name": _("looks like the name of a person"),
}

# A full date this many years old or more, outside a legal reference, is taken for a birth date:
# dysfunctions report recent events.
BIRTH_DATE_MIN_AGE_YEARS = 40


def _is_birth_date(text: str, match, today: date) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if patterns.BIRTH_CONTEXT.search(before):
        return True
    year = int(match.group("y1") or match.group("y2") or match.group("y3"))
    if patterns.LEGAL_CONTEXT.search(before):
        return False
    return 1880 <= year <= today.year - BIRTH_DATE_MIN_AGE_YEARS


def _candidates(text: str, today: date):
    """(kind, start, end) in order of precedence: identifiers first, then addresses, names."""
    for kind, pattern in (("email", patterns.EMAIL), ("nir", patterns.NIR), ("nam", patterns.NAM)):
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
    for match in patterns.FULL_DATE.finditer(text):
        if _is_birth_date(text, match, today):
            yield "birth_date", match.start(), match.end()
    for pattern in (patterns.PHONE_FR, patterns.PHONE_NA):
        for match in pattern.finditer(text):
            yield "phone", match.start(), match.end()
    for match in patterns.ADDRESS.finditer(text):
        yield "address", match.start(), match.end()
    for start, end in find_names(text):
        yield "name", start, end


def find_personal_data(text: str | None, *, field: str = "", today: date | None = None):
    """Return the findings of personal data in `text`, in the order they appear (at most
    MAX_FINDINGS_PER_TEXT)."""
    if not text:
        return []
    today = today or timezone.localdate()
    taken = bytearray(len(text))
    findings: list[Finding] = []
    for kind, start, end in _candidates(text, today):
        # Each kind's matches do not overlap one another, so marking the characters taken costs
        # at most the text's length per kind.
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        findings.append(Finding(field, text[start:end], str(REASONS[kind]), kind, start, end))
    findings.sort(key=lambda f: f.start)
    return findings[:MAX_FINDINGS_PER_TEXT]


def find_personal_data_in(fields: dict, *, today: date | None = None):
    """Run the guard over several named texts (a form's or a model's fields)."""
    findings = []
    for name, text in fields.items():
        if isinstance(text, str):
            findings.extend(find_personal_data(text, field=name, today=today))
    return findings


def explain(finding: Finding) -> str:
    """The message shown next to the field: what was found, why it is refused, what to do."""
    return str(
        _(
            "“%(excerpt)s” %(reason)s. The tables read about situations, never about persons: "
            "remove it or replace it with a neutral description (for example “a woman in her "
            "eighties living alone”)."
        )
    ) % {"excerpt": finding.excerpt, "reason": finding.reason}


def errors_by_field(findings) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for finding in findings:
        errors.setdefault(finding.field, []).append(explain(finding))
    return errors


def length_errors(fields: dict) -> dict[str, list[str]]:
    limit = TEXT_MAX_LENGTH
    return {
        name: [
            str(_("This text is too long: %(length)s characters, at most %(limit)s."))
            % {"length": len(text), "limit": limit}
        ]
        for name, text in fields.items()
        if isinstance(text, str) and len(text) > limit
    }


def check_lengths(**fields) -> None:
    """Refuse (ValidationError by field) texts longer than the bound."""
    errors = length_errors(fields)
    if errors:
        raise ValidationError(errors)


def check_texts(**fields) -> None:
    """Refuse (ValidationError by field) texts too long or holding personal data. Services call
    it on every free text they store about a situation or show to a table."""
    check_lengths(**fields)
    findings = find_personal_data_in(fields)
    if findings:
        raise ValidationError(errors_by_field(findings))
