"""Accent folding and plural-tolerant word forms for full-text search.

PostgreSQL's French configuration stems words itself; SQLite's full-text index does not. Each
service therefore also indexes a normalised copy of its text (lower case, accents folded, French
plurals reduced to the singular, common French words dropped), and queries are normalised the
same way, so that "hébergement" finds "hebergement" and "aidant" finds "aidants" on both."""

import re
import unicodedata

# Short French words that carry no meaning for a search.
STOP_WORDS = frozenset(
    """a au aux avec ce ces dans de des du en et la le les leur leurs ou par pour sa se ses son
    sur un une d l qu que qui""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, without accents or ligatures."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_form(word: str) -> str:
    """The singular-ish form of one folded word: "aidants" → "aidant", "hopitaux" → "hopital"."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """The normalised words of `text`, separated by spaces."""
    words = _WORD.findall(fold(text or ""))
    return " ".join(word_form(w) for w in words if w not in STOP_WORDS)
