"""The shapes of identifiers: social-security and health-insurance numbers, e-mail addresses,
phone numbers, full dates, street addresses with a number.

Every pattern here is linear in the length of the text it scans: each quantifier is bounded
(no `+`, `*` or `{n,}`), and each pattern that could start inside a run of the characters it
matches is anchored by a lookbehind, so that `finditer` does a bounded amount of work at each
position. tests/portal/test_privacy_guard.py parses every pattern listed in `PATTERNS` and fails
on an unbounded repeat."""

import re

# French NIR: sex, year, month (or 20–99 for unknown), department (2A/2B for Corsica), commune,
# order number, optional two-digit key; spaces, dots or dashes are allowed between groups.
_SEP = r"[ .\-]?"
NIR = re.compile(
    rf"(?<![\dA-Za-z])[1-478]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}(?:\d{{2}}|2[ABab])"
    rf"{_SEP}\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?(?![\dA-Za-z])"
)
# Québec NAM: four letters (surname and first name), year, month (+50 for women), day, and two
# administrative digits.
NAM = re.compile(
    r"(?<![\w])[A-Za-z]{4}[ \-]?\d{2}(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])[ \-]?(?:0[1-9]|[12]\d|3[01])"
    r"\d{2}(?![\w])"
)
# An e-mail address starts where a run of address characters starts (the lookbehind), and its
# parts are as long as the standard allows at most.
EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
PHONE_FR = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[ .\-]?(?:\(0\))?[ .\-]?|0)[1-9](?:[ .\-]?\d{2}){4}(?!\d)"
)
PHONE_NA = re.compile(r"(?<![\d+])(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d)")

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|january|february|march|april|may|june|july|august|september|october|"
    "november|december"
)
FULL_DATE = re.compile(
    rf"(?<!\d)(?:(?P<d1>\d{{1,2}})[/.\-](?P<m1>\d{{1,2}})[/.\-](?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:er)?\s{{1,3}}(?:{_MONTHS})\s{{1,3}}(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))(?!\d)",
    re.IGNORECASE,
)
# Read on the 40 characters before a date only.
BIRTH_CONTEXT = re.compile(
    r"(?:\bnée?s?\b|\bnaissance\b|\bDDN\b|\bD\.D\.N\b|\bborn\b|\bbirth\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)
LEGAL_CONTEXT = re.compile(
    r"(?:\bloi\b|\bdécret\b|\bdecret\b|\bordonnance\b|\barrêté\b|\barrete\b|\bcirculaire\b"
    r"|\bcode\b|\blaw\b|\bact\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)

# A number, a kind of way, and the way's name: "12 rue des Lilas", "3 bis, avenue de Grammont",
# "8 impasse du moulin". Ways whose word is also a common noun (place, cours, route, quai…)
# count only when a capitalised name follows ("2 places disponibles", "1 place en EHPAD" and
# "10 cours de français" are not addresses).
_PARTICLE = r"(?:(?:de\s{1,2}la|de\s{1,2}l['’]|des|du|de|d['’]|l['’]|la|le|les)\s{0,2})?"
# Up to three more capitalised words of the way's name (place Jean Jaurès).
_MORE = r"(?: [A-ZÀ-ÖØ-Þ][\w'’\-]{0,40}){0,3}"
ADDRESS = re.compile(
    r"(?<![\d,.])\d{1,4}(?:\s{0,2}(?i:bis|ter|quater|[ab]))?,?\s{1,3}"
    r"(?:(?i:rue|avenue|av\.|boulevard|bd|impasse|allée|allee|chemin|lotissement|lieu-dit|hameau)"
    rf"\s{{1,3}}{_PARTICLE}[^\W\d_][\w'’\-]{{0,40}}{_MORE}"
    r"|(?i:place|cours|route|quai|square|voie|passage|résidence|residence|cité|mail|esplanade)"
    rf"\s{{1,3}}{_PARTICLE}[A-ZÀ-ÖØ-Þ][\w'’\-]{{0,40}}{_MORE})"
)

# Words: letters, with hyphenated parts (Jean-Pierre, Saint-Martin-le-Beau); apostrophes split.
WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,40}(?:-[^\W\d_]{1,40}){0,5}")

PATTERNS = (
    NIR, NAM, EMAIL, PHONE_FR, PHONE_NA, FULL_DATE, BIRTH_CONTEXT, LEGAL_CONTEXT, ADDRESS, WORD,
)  # fmt: skip
