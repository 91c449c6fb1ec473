"""Names of persons in a text, without a language model: a civility or a word such as
"patient" before a capitalised word, or a known French first name next to a capitalised word
("Jeanne Martin", "MARTIN Jeanne", "mon patient Marcel Girard").

Named places and services stay silent: a way, a building or a service word in the three words
before ("EHPAD Jean Jaurès", "hôpital Louis Pasteur", "rue Victor Hugo"), "Saint" before
(Saint-Martin), a function after a civility ("M. le directeur"). The first names come from the
INSEE's file of first names (see data/README.md); the text is read word by word, once."""

from functools import cache
from pathlib import Path

from .patterns import WORD

DATA = Path(__file__).resolve().parent / "data" / "prenoms.txt"

CIVILITIES = {"m", "mr", "mme", "mmes", "mlle", "mlles", "mm", "madame", "monsieur", "mademoiselle"}
# Civilities that are ordinary letters or words without their dot ("m" for metre).
NEEDS_DOT = {"m", "mm"}
# Words that introduce a person followed by their name ("le patient Girard").
PERSON_WORDS = {
    "patient", "patiente", "usager", "usagère", "usagere", "bénéficiaire", "beneficiaire",
    "résident", "résidente", "resident", "residente", "aidant", "aidante", "épouse", "époux",
}  # fmt: skip
# Capitalised words after a civility or a person word that name nobody ("Madame la Directrice",
# "Monsieur Le Maire", "le patient Alzheimer").
NOT_A_NAME = {
    "le", "la", "les", "l", "du", "de", "des", "un", "une", "et", "ou", "a", "à", "au", "aux",
    "directeur", "directrice", "maire", "président", "présidente", "president", "presidente",
    "docteur", "professeur", "préfet", "préfète", "adjoint", "adjointe", "conseiller",
    "conseillère", "délégué", "déléguée", "chef", "cheffe", "responsable", "x", "y", "z",
    "alzheimer", "parkinson", "korsakoff", "charcot", "crohn", "down", "covid",
}  # fmt: skip
# Words before a name that make it the name of a place, a building or a service.
PLACE_WORDS = {
    "ehpad", "ehpa", "usld", "ssr", "smr", "marpa", "chu", "chr", "chi", "ch", "chs", "chsld",
    "hôpital", "hopital", "hospitalier", "hospitalière", "clinique", "centre", "polyclinique",
    "maison", "résidence", "residence", "foyer", "pôle", "pole", "institut", "fondation",
    "association", "collège", "college", "lycée", "lycee", "école", "ecole", "groupe", "site",
    "rue", "avenue", "av", "boulevard", "bd", "place", "allée", "allee", "impasse", "chemin",
    "route", "quai", "square", "cours", "esplanade", "cité", "cite", "quartier", "faubourg",
    "lotissement", "promenade", "parc", "pont", "gare", "stade", "gymnase", "salle", "espace",
    "médiathèque", "mediatheque", "bibliothèque", "bibliotheque", "mairie", "pavillon", "unité",
    "unite", "service", "résidences", "prix", "loi", "plan", "programme", "saint", "sainte",
    "st", "ste", "lycées", "campus", "halle", "villa", "domaine", "clos", "hameau",
}  # fmt: skip
# First names that are also ordinary words, months or names of places and bodies.
WORD_LIKE = {
    "saint", "sainte", "france", "avril", "mai", "lorraine", "marine", "aurore", "reine",
    "victoire", "noël", "noel", "ange", "constance", "prudence", "modeste", "désiré", "jade",
    "perle", "cerise", "prune", "lilas", "olive", "iris", "ambre", "blanche", "colombe",
    "violette", "eden", "mercedes", "grace", "joy", "capucine", "océane", "maya", "sans",
}  # fmt: skip
# Acronyms of bodies and benefits written in capitals next to a first name.
ACRONYMS = {
    "ehpad", "ssiad", "ccas", "cias", "clic", "chu", "ch", "had", "mdph", "caf", "cpam", "dac",
    "maia", "apa", "pch", "ars", "saad", "spasad", "ide", "idel", "usld", "ssr", "smr", "cmp",
    "cmpp", "pmi", "ase", "udaf", "msa", "carsat", "cd", "esa", "pta", "cls", "cpts", "msp",
    "ght", "hdj", "csapa", "rsa", "aah", "savs", "samsah", "fam", "mas", "esat", "ime",
    "itep", "sessad", "clsc", "cisss", "ciusss", "gmf", "rpa", "chsld", "ramq", "nam", "nir",
    "ehpa", "marpa", "ccss", "sos", "samu", "smur", "urgences", "dr", "pr",
}  # fmt: skip


@cache
def first_names() -> frozenset:
    names = DATA.read_text(encoding="utf-8").split()
    return frozenset(n.casefold() for n in names) - WORD_LIKE


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _upper(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_first_name(word: str) -> bool:
    if not _capitalised(word) or _upper(word) and len(word) < 3:
        return False
    folded = word.casefold()
    if folded in first_names():
        return True
    parts = folded.split("-")
    # Jean-Marc, Marie-Hélène: every part capitalised, the first a known first name.
    return (
        len(parts) > 1
        and all(p[:1].isupper() for p in word.split("-"))
        and parts[0] in first_names()
    )


def _surname_like(word: str) -> bool:
    folded = word.casefold()
    return (
        _capitalised(word)
        and folded not in NOT_A_NAME
        and folded not in ACRONYMS
        and folded not in PLACE_WORDS
        and folded not in WORD_LIKE
    )


def _after_a_place(words, index) -> bool:
    return any(w[0].casefold() in PLACE_WORDS for w in words[max(0, index - 3) : index])


def find_names(text: str):
    """Yield (start, end) of each person's name found in `text`."""
    words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    index, count = 0, len(words)
    while index < count:
        word, start, end = words[index]
        folded = word.casefold()
        following = words[index + 1] if index + 1 < count else None
        found = None
        if following and (folded in CIVILITIES or folded in PERSON_WORDS):
            dotted = text[end : end + 1] == "."
            needs_dot = folded in NEEDS_DOT or (folded == "mr" and not _capitalised(word))
            if (dotted or not needs_dot) and _surname_like(following[0]):
                found = index + 1
        elif following and _is_first_name(word) and not _after_a_place(words, index):
            name = following[0]
            if _surname_like(name) and (not _upper(name) or name.casefold() not in ACRONYMS):
                found = index + 1
        elif (
            following
            and _upper(word)
            and len(word) > 2
            and folded not in ACRONYMS
            and folded not in PLACE_WORDS
            and _is_first_name(following[0])
            and not _upper(following[0])
            and not _after_a_place(words, index)
        ):
            found = index + 1
        if found is None:
            index += 1
            continue
        last = found
        # A second capitalised word belongs to the name (Monsieur Jean Lefèvre).
        if (
            last + 1 < count
            and _surname_like(words[last + 1][0])
            and text[words[last][2] : words[last + 1][1]].isspace()
        ):
            last += 1
        # Only words separated by spaces (and a civility's dot) form a name.
        if not _joined(text, words, index, found, dot=folded in CIVILITIES):
            index += 1
            continue
        yield start, words[last][2]
        index = last + 1


def _joined(text, words, first, second, *, dot=False) -> bool:
    between = text[words[first][2] : words[second][1]]
    return 0 < len(between) <= 3 and between.strip(" .\u00a0" if dot else " \u00a0") == ""
