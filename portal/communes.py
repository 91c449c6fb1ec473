"""Communes chosen by searching, never from a list of all of them (a region has thousands).

A commune field takes what a person types: a name ("Saint-Cyr", "chateau renault"), an INSEE
code (what addresses and saved searches carry: ?commune=37261) or a postal code. One commune
found is the choice; several are a form error that lists them (with their codes, to type one);
none is a form error too. The script of searched choices (static/js/searched-select.js) turns
the field into a search box fed by the public endpoint below; without the script, the endpoint
is a plain page where one finds the codes."""

import re
import unicodedata
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal.autocomplete import answer, source
from portal.models import Commune
from portal.widgets import SearchedSelect

INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
POSTAL = re.compile(r"^\d{5}$")
# Communes listed in the message of an ambiguous name.
LISTED = 8
MAX_LENGTH = 100

_ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿý",
    "n": "nñ",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _pattern(word: str) -> str:
    """A regular expression matching `word` whatever its accents and case."""
    parts = []
    for char in _plain(word):
        letters = _ACCENTED.get(char)
        if letters:
            parts.append("[" + letters + letters.upper() + "]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _words(text: str) -> list[str]:
    """The words of a name: "Saint-Cyr-sur-Loire", "saint cyr" and "L'Île-Bouchard" compare
    word by word."""
    return [w for w in re.split(r"[\s\-'’.,()]+", text) if w]


def name_filter(text: str) -> Q:
    """Every word typed begins a word of the name, whatever the accents ("st" does not find
    "Tours": "saint cyr" finds "Saint-Cyr-sur-Loire")."""
    condition = Q()
    for word in _words(text):
        condition &= Q(name__iregex=r"(^|[\s\-'’])" + _pattern(word))
    return condition


def _exact(text: str) -> Q:
    separator = r"[\s\-'’]+"
    return Q(name__iregex="^" + separator.join(_pattern(w) for w in _words(text)) + "$")


def commune_label(commune) -> str:
    if commune.postal_code:
        return f"{commune.name} ({commune.postal_code})"
    return commune.name


def candidate_label(commune) -> str:
    code = _("INSEE code")
    if commune.postal_code:
        return f"{commune.name} ({commune.postal_code}, {code} {commune.insee_code})"
    return f"{commune.name} ({code} {commune.insee_code})"


def find(queryset, text: str) -> list:
    """The communes of `queryset` that `text` means: its INSEE code, else its postal code,
    else its name (a name typed whole wins over the longer names that contain it: "Tours"
    is Tours, not Tours-sur-Marne). At most LISTED + 1 of them."""
    # At most a long name's worth; a NUL character cannot be sent to PostgreSQL.
    text = " ".join((text or "").replace("\x00", "").split())[:MAX_LENGTH]
    if not text:
        return []
    codes = [w for w in _words(text) if INSEE.match(w)]
    words = " ".join(w for w in _words(text) if not INSEE.match(w))
    if codes:
        code = codes[0].upper()
        by_insee = list(queryset.filter(insee_code=code)[:1])
        if by_insee:
            return by_insee
        if POSTAL.match(code):
            found = queryset.filter(postal_code=code)
            if words:
                found = found.filter(name_filter(words))
            return list(found.order_by("name", "insee_code")[: LISTED + 1])
        return []
    if not _words(text):
        return []
    exact = list(queryset.filter(_exact(text)).order_by("name", "insee_code")[: LISTED + 1])
    if exact:
        return exact
    return list(queryset.filter(name_filter(text)).order_by("name", "insee_code")[: LISTED + 1])


class CommuneField(forms.Field):
    """One commune of `queryset`, from its name, INSEE code or postal code. Its value in an
    address is the INSEE code. After a refusal, `candidates` holds the communes the text could
    mean (the page may offer them)."""

    default_error_messages = {
        "not_found": _(
            "No commune matches “%(text)s”: type its name, its postal code or its INSEE code."
        ),
        "ambiguous": _(
            "Several communes match “%(text)s”: %(communes)s. Type the postal code or the "
            "INSEE code of the one you mean."
        ),
        "too_many": _(
            "Many communes match “%(text)s”, among them %(communes)s. Type more of the name, "
            "the postal code or the INSEE code."
        ),
    }

    def __init__(self, *, queryset=None, source: str = "portal.communes", **kwargs):
        kwargs.setdefault("widget", SearchedCommune(source))
        super().__init__(**kwargs)
        self.queryset = Commune.objects.all() if queryset is None else queryset
        self.candidates: list = []

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._queryset = queryset
        self.widget.queryset = queryset

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = self._queryset
        result.candidates = []
        return result

    def prepare_value(self, value):
        """An instance or a primary key (a model form's initial value) shows as its INSEE
        code; typed text stays as typed."""
        if isinstance(value, Commune):
            return value.insee_code
        if isinstance(value, int):
            commune = self.queryset.filter(pk=value).only("insee_code").first()
            return commune.insee_code if commune else ""
        return value

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        return self.resolve(text)

    def resolve(self, text: str):
        found = find(self.queryset, text)
        if len(found) == 1:
            return found[0]
        self.candidates = found[:LISTED]
        if not found:
            raise ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            )
        communes = ", ".join(candidate_label(c) for c in found[:LISTED])
        code = "too_many" if len(found) > LISTED else "ambiguous"
        raise ValidationError(
            self.error_messages[code], code=code, params={"text": text, "communes": communes}
        )

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial) or "") != str(data or "")


class CommuneMultipleField(CommuneField):
    """Several communes (each value a name, an INSEE code or a postal code; empty values are
    left out): a list of instances."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.MultipleHiddenInput)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, QuerySet):  # a model form's initial communes
            value = list(value)
        if not isinstance(value, list | tuple):
            return super().prepare_value(value)
        numbers = [v for v in value if isinstance(v, int)]
        codes = dict(self.queryset.filter(pk__in=numbers).values_list("pk", "insee_code"))
        return [
            codes.get(v, "")
            if isinstance(v, int)
            else super(CommuneMultipleField, self).prepare_value(v)
            for v in value
        ]

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(v, Commune) for v in values):
            return list(values)
        # One text field holds several, separated by commas ("37261, Chinon").
        texts = [" ".join(t.split()) for v in values for t in re.split(r"[,;]", str(v))]
        texts = [t for t in texts if t]
        codes = {t.upper() for t in texts if INSEE.match(t)}
        # The INSEE codes (checked boxes, addresses) in one query.
        known = {c.insee_code: c for c in self.queryset.filter(insee_code__in=codes)}
        chosen, errors = [], []
        for text in texts:
            try:
                commune = known.get(text.upper()) or self.resolve(text)
            except ValidationError as error:
                errors.append(error)
            else:
                if commune not in chosen:
                    chosen.append(commune)
        if errors:
            raise ValidationError(errors)
        return chosen

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        before = {str(v) for v in self.prepare_value(initial or []) if v}
        after = {t.strip() for v in (data or []) for t in re.split(r"[,;]", str(v)) if t.strip()}
        return before != after


class SearchedCommune(SearchedSelect):
    """The searched choice of a commune: a text field (the name, postal code or INSEE code)
    with the search box of the script; the chosen commune shows with its postal code."""

    hint = _("Type its name, postal code or INSEE code.")
    find_label = _("Find a commune")
    search_label = _("Search a commune by name or postal code")

    def __init__(self, source: str = "portal.communes", params=None, attrs=None):
        super().__init__(source, params=params, attrs=attrs)
        self.queryset = None

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return "" if value is None else str(value)

    def format_value(self, value):
        if value in (None, ""):
            return []
        values = list(value) if isinstance(value, list | tuple | QuerySet) else [value]
        texts = [v.insee_code if isinstance(v, Commune) else str(v) for v in values]
        return [t for t in texts if t]

    def _chosen(self, values):
        codes = [v.upper() for v in values if INSEE.match(v)]
        if not codes or self.queryset is None:
            return []
        if not self.allow_multiple_selected:
            codes = codes[:1]
        found = {c.insee_code: c for c in self.queryset.filter(insee_code__in=codes)}
        return [(code, commune_label(found[code])) for code in codes if code in found]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = self.url()
        context["widget"]["hint"] = self.hint
        context["widget"]["find_label"] = self.find_label
        context["widget"]["search_label"] = self.search_label
        return context

    def url(self) -> str:
        url = reverse("communes")
        if self.params:
            url += "?" + urlencode(self.params, doseq=True)
        return url


class SearchedCommunes(SearchedCommune):
    """Several communes: one text field, separated by commas (the script lists them)."""

    allow_multiple_selected = True
    hint = _("Type their names, postal codes or INSEE codes, separated by commas.")

    def value_from_datadict(self, data, files, name):
        parts = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        parts = parts if isinstance(parts, list | tuple) else [parts]
        return [str(p) for p in parts if p not in (None, "")]


class CommuneFilter(django_filters.Filter):
    """A filter by a commune of `queryset` (set by the filter set), typed or by its INSEE
    code; `params` narrow the script's search (e.g. {"territory": [3, 4]})."""

    field_class = CommuneField

    def __init__(self, *args, queryset=None, params=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = Commune.objects.all() if queryset is None else queryset
        self.params = params or {}

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["queryset"] = self.queryset
            field = super().field
            field.widget.params = self.params
        return self._field


class CommunesFilter(CommuneFilter):
    """Several communes, each given by its INSEE code (a checked box, an address) or typed (a
    name, a postal code): the directory's facet lists a few communes, and a field adds any
    other."""

    field_class = CommuneMultipleField


def regions_of(params) -> list[int]:
    return [int(r) for r in params.getlist("region") if r.isdigit()]


@source(
    "portal.communes",
    label=commune_label,
    value=lambda commune: commune.insee_code,
    value_heading=_("Code to type"),
)
def communes(user, query, params):
    """The communes whose name, INSEE code or postal code begins as typed; `territory` or
    `region` narrow them."""
    queryset = Commune.objects.all()
    territories = [int(t) for t in params.getlist("territory") if t.isdigit()]
    if territories:
        queryset = queryset.filter(territory_id__in=territories)
    if regions_of(params):
        queryset = queryset.filter(territory__region_id__in=regions_of(params))
    query = " ".join(query.replace("\x00", "").split())[:MAX_LENGTH]
    if not _words(query):
        return queryset.none()
    codes = [w for w in _words(query) if w.isdigit() or INSEE.match(w)]
    if codes and len(codes) == len(_words(query)):
        code = codes[0].upper()
        condition = Q(insee_code__startswith=code) | Q(postal_code__startswith=code)
        return queryset.filter(condition).order_by("name", "insee_code")
    return queryset.filter(name_filter(query)).order_by("name", "insee_code")


@require_GET
def commune_search(request):
    """The communes' searched choice, public like the directory that asks it."""
    return answer(request, "portal.communes")
