"""The personal-data guard of the register.

A dysfunction describes a situation, never a person. These pure functions look for what would
identify a patient in a text (social-security numbers, phone numbers, e-mail addresses, full
dates of birth, names introduced by a civility) and return findings that say where and why, so
that the form can point to the offending text and the service can refuse to store it.

The guard errs on the side of caution for identifiers (a number shaped like a NIR is refused even
if its key is wrong) and on the side of leniency for words (a commune called Saint-Martin, "M. le
directeur du CCAS", the date of a meeting are accepted)."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    "name": _("looks like the name of a person, introduced by a civility"),
}

# French NIR: sex, year, month (or 20–99 for unknown), department (2A/2B for Corsica), commune,
# order number, optional two-digit key; spaces, dots or dashes are allowed between groups.
_SEP = r"[ .\-]?"
_NIR = re.compile(
    rf"(?<![\dA-Za-z])[1-478]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}(?:\d{{2}}|2[ABab])"
    rf"{_SEP}\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?(?![\dA-Za-z])"
)
# Québec NAM: four letters (surname and first name), year, month (+50 for women), day, and two
# administrative digits.
_NAM = re.compile(
    r"(?<![\w])[A-Za-z]{4}[ \-]?\d{2}(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])[ \-]?(?:0[1-9]|[12]\d|3[01])"
    r"\d{2}(?![\w])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE_FR = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[ .\-]?(?:\(0\))?[ .\-]?|0)[1-9](?:[ .\-]?\d{2}){4}(?!\d)"
)
_PHONE_NA = re.compile(r"(?<![\d+])(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d)")

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|january|february|march|april|may|june|july|august|september|october|"
    "november|december"
)
_FULL_DATE = re.compile(
    rf"(?<!\d)(?:(?P<d1>\d{{1,2}})[/.\-](?P<m1>\d{{1,2}})[/.\-](?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:er)?\s+(?:{_MONTHS})\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))(?!\d)",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(
    r"(?:\bnée?s?\b|\bnaissance\b|\bDDN\b|\bD\.D\.N\b|\bborn\b|\bbirth\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)
_LEGAL_CONTEXT = re.compile(
    r"(?:\bloi\b|\bdécret\b|\bdecret\b|\bordonnance\b|\barrêté\b|\barrete\b|\bcirculaire\b"
    r"|\bcode\b|\blaw\b|\bact\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)
# A full date this many years old or more, outside a legal reference, is taken for a birth date:
# dysfunctions report recent events.
BIRTH_DATE_MIN_AGE_YEARS = 40

_CIVILITY = re.compile(
    r"(?<![\w])(?:M\.|Mr\.?|MM\.|Mme\.?|Mlle\.?|(?i:monsieur|madame|mademoiselle|mme|mlle))"
    r"\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?(?:\s+[A-ZÀ-ÖØ-Þ][\w'’\-]*)?)"
)
# Capitalised words that follow a civility without naming anyone ("Madame la Directrice",
# "Monsieur Le Maire").
_NOT_A_NAME = {
    "le", "la", "les", "l", "l'", "du", "de", "des", "un", "une",
    "directeur", "directrice", "maire", "président", "présidente", "president", "presidente",
    "docteur", "professeur", "préfet", "préfète", "adjoint", "adjointe", "conseiller",
    "conseillère", "délégué", "déléguée", "chef", "cheffe", "responsable", "x", "y", "z",
}  # fmt: skip


def _overlaps(span, taken) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _is_birth_date(text: str, match: re.Match, today: date) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if _BIRTH_CONTEXT.search(before):
        return True
    year = int(match.group("y1") or match.group("y2") or match.group("y3"))
    if _LEGAL_CONTEXT.search(before):
        return False
    return 1880 <= year <= today.year - BIRTH_DATE_MIN_AGE_YEARS


def _civility_names_someone(match: re.Match) -> bool:
    first = match.group("name").split()[0].rstrip(".").lower()
    return first not in _NOT_A_NAME and not first.startswith(("l'", "l’"))


def find_personal_data(text: str | None, *, field: str = "", today: date | None = None):
    """Return the findings of personal data in `text`, in the order they appear."""
    if not text:
        return []
    today = today or timezone.localdate()
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind, start, end):
        if _overlaps((start, end), taken):
            return
        taken.append((start, end))
        findings.append(Finding(field, text[start:end], str(REASONS[kind]), kind, start, end))

    for match in _EMAIL.finditer(text):
        add("email", *match.span())
    for match in _NIR.finditer(text):
        add("nir", *match.span())
    for match in _NAM.finditer(text):
        add("nam", *match.span())
    for match in _FULL_DATE.finditer(text):
        if _is_birth_date(text, match, today):
            add("birth_date", *match.span())
    for pattern in (_PHONE_FR, _PHONE_NA):
        for match in pattern.finditer(text):
            add("phone", *match.span())
    for match in _CIVILITY.finditer(text):
        if _civility_names_someone(match):
            add("name", *match.span())
    return sorted(findings, key=lambda f: f.start)


def find_personal_data_in(fields: dict[str, str | None], *, today: date | None = None):
    """Run the guard over several named texts (a form's or a model's fields)."""
    findings = []
    for name, text in fields.items():
        findings.extend(find_personal_data(text, field=name, today=today))
    return findings


def explain(finding: Finding) -> str:
    """The message shown next to the field: what was found, why it is refused, what to do."""
    return str(
        _(
            "“%(excerpt)s” %(reason)s. A dysfunction describes a situation, never a person: "
            "remove it or replace it with a neutral description (for example “a woman in her "
            "eighties living alone”)."
        )
    ) % {"excerpt": finding.excerpt, "reason": finding.reason}


def errors_by_field(findings) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for finding in findings:
        errors.setdefault(finding.field, []).append(explain(finding))
    return errors
