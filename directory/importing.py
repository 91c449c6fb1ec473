"""Loading records (from HSDS, data·inclusion or CSV, see directory/interop/) into the
directory: everything is checked first, then every row is loaded or none is. Operators' imports
are published at once, each as a revision so that the history keeps them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.interop.records import ORGANISATION_FIELDS, SERVICE_TEXT_FIELDS, ImportReport
from directory.models import Category, Condition, Organisation, Public, Service
from directory.services import unique_slug
from portal.models import Commune

SERVICE_CHECKED_FIELDS = [*SERVICE_TEXT_FIELDS, "age_min", "age_max", "access_mode"]


class ImportRefused(Exception):
    def __init__(self, report: ImportReport):
        super().__init__("import refused")
        self.report = report


def _references():
    return {
        "categories": {c.value: c for c in Category.objects.all()},
        "publics": {p.value: p for p in Public.objects.all()},
        "conditions": {c.value: c for c in Condition.objects.all()},
    }


def _check(record: dict, references: dict, communes: dict) -> list[str]:
    problems = []
    labels = {
        "categories": _("unknown category"),
        "publics": _("unknown public"),
        "conditions": _("unknown condition"),
    }
    for key, known in references.items():
        unknown = [v for v in record[key] if v not in known]
        if unknown:
            problems.append(f"{labels[key]}: {', '.join(unknown)}")
    unknown = [code for code in record["communes"] if code not in communes]
    if unknown:
        problems.append(_("unknown commune: %(codes)s") % {"codes": ", ".join(unknown)})
    kind = record["organisation"].get("kind") or Organisation.Kind.OTHER
    if kind not in Organisation.Kind.values:
        problems.append(_("unknown kind of organisation: %(kind)s") % {"kind": kind})
    if record["organisation"].get("commune") and record["organisation"]["commune"] not in communes:
        problems.append(
            _("unknown commune: %(codes)s") % {"codes": record["organisation"]["commune"]}
        )
    service = Service(**{name: record.get(name, "") or "" for name in SERVICE_TEXT_FIELDS})
    service.age_min, service.age_max = record["age_min"], record["age_max"]
    service.access_mode = record["access_mode"]
    try:
        service.clean_fields(
            exclude=[f.name for f in Service._meta.fields if f.name not in SERVICE_CHECKED_FIELDS]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.append(f"{field}: {' '.join(messages)}")
    if (
        record["age_min"] is not None
        and record["age_max"] is not None
        and record["age_min"] > record["age_max"]
    ):
        problems.append(_("the minimum age is above the maximum age"))
    return problems


def _organisation_for(record: dict, territory, communes: dict, cache: dict) -> Organisation:
    data = record["organisation"]
    key = data["external_id"]
    if key in cache:
        return cache[key]
    organisation = (
        Organisation.objects.filter(external_id=key).first()
        or Organisation.objects.filter(slug=key).first()
    )
    if organisation is None:
        slug = unique_slug(Organisation, data["name"], fallback="structure")
        organisation = Organisation(slug=slug, territory=territory, external_id=key)
    for name in ORGANISATION_FIELDS:
        value = data.get(name)
        if value:
            setattr(organisation, name, value)
    if data.get("commune"):
        organisation.commune = communes[data["commune"]]
    organisation.save()
    cache[key] = organisation
    return organisation


def directory_import(*, records, territory, dry_run: bool = False, user=None, errors=()):
    """Check every record, then load them all in one transaction (or none: an ImportRefused
    carries the report naming each bad row and its reason). `errors` are the problems the
    format's reader already found."""
    report = ImportReport(rows=len(records) + len(errors))
    for where, reason in errors:
        report.add(where, reason)
    references = _references()
    codes = {c for _where, r in records for c in [*r["communes"], r["organisation"].get("commune")]}
    communes = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=codes - {"", None})}
    seen = {}
    for where, record in records:
        for problem in _check(record, references, communes):
            report.add(where, problem)
        if record["external_id"] in seen:
            report.add(
                where,
                _("same identifier as %(other)s: %(id)s")
                % {"other": seen[record["external_id"]], "id": record["external_id"]},
            )
        seen.setdefault(record["external_id"], where)
    if not report.ok:
        raise ImportRefused(report)
    if dry_run:
        return report
    with transaction.atomic():
        organisations = {}
        for _where, record in records:
            organisation = _organisation_for(record, territory, communes, organisations)
            service = Service.objects.filter(external_id=record["external_id"]).first()
            if service is None:
                service = Service(
                    organisation=organisation,
                    external_id=record["external_id"],
                    slug=unique_slug(
                        Service, f"{record['name']} {organisation.name}", fallback="service"
                    ),
                )
                report.created += 1
            else:
                report.updated += 1
            service.organisation = organisation
            for name in SERVICE_TEXT_FIELDS:
                setattr(service, name, record.get(name) or "")
            service.age_min, service.age_max = record["age_min"], record["age_max"]
            service.access_mode = record["access_mode"]
            service.serves_whole_territory = record["serves_whole_territory"]
            service.last_verified_on = record.get("last_verified_on")
            service.categories = [references["categories"][v] for v in record["categories"]]
            service.publics = [references["publics"][v] for v in record["publics"]]
            service.required_conditions = [
                references["conditions"][v] for v in record["conditions"]
            ]
            service.communes_served = [communes[c] for c in record["communes"]]
            service.save()
            revision = service.save_revision(user=user, log_action=True, clean=False)
            revision.publish(user=user, skip_permission_checks=True, log_action=False)
    return report
