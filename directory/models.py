from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
)
from wagtail.search import index

from directory.search_text import normalise
from portal.permissions import can, visible_to


class Organisation(models.Model):
    """A legal body of the network that runs services (hospital, CLIC, CCAS, association…)."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        CLIC = "clic", _("CLIC / CLSC")
        CCAS = "ccas", _("CCAS")
        SSIAD = "ssiad", _("Home nursing service (SSIAD)")
        HAD = "had", _("Hospital at home (HAD)")
        HOME_HELP = "home_help", _("Home help service (SAAD)")
        ADDICTION = "addiction", _("Addiction care centre (CSAPA)")
        REHAB = "rehab", _("Rehabilitation centre")
        NURSING_HOME = "nursing_home", _("Nursing home (EHPAD)")
        PHARMACY = "pharmacy", _("Community pharmacy")
        COMMUNITY = "community", _("Community group")
        GP_PRACTICE = "gp_practice", _("Multi-professional health centre")
        DAC = "dac", _("Coordination support (DAC)")
        ARS = "ars", _("Regional health agency (ARS)")
        DEPARTMENT = "department", _("Département")
        COMMUNE = "commune", _("Commune")
        FUNDER = "funder", _("Pension fund or insurer")
        UNION = "union", _("Professional union")
        USERS = "users", _("Users' representatives")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "portal.Commune",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    description = models.TextField(_("description"), blank=True)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    external_id = models.CharField(
        _("identifier in the source data"), max_length=200, blank=True, db_index=True
    )
    source = models.CharField(_("source of the data"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["territory", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:organisation_detail", args=[self.slug])


class Membership(models.Model):
    """A person's place in an organisation: partner staff or case manager, and whether they
    may edit the organisation's directory entries."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Partner staff")
        CASE_MANAGER = "case_manager", _("Case manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    can_edit_directory = models.BooleanField(
        _("may edit the organisation's directory entries"), default=False
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class Taxonomy(models.Model):
    """A small reference list with a stable `value` (aligned on data·inclusion where it has one)
    and a French label."""

    value = models.SlugField(_("value"), max_length=150, unique=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["label"]

    def __str__(self):
        return self.label


class Category(Taxonomy):
    """A thématique: what need a service answers (data·inclusion's thématiques)."""

    group = models.CharField(_("group"), max_length=150, blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Public(Taxonomy):
    """Who a service is meant for (data·inclusion's publics)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Condition(Taxonomy):
    """A condition a person must meet to be taken by a service (a prescription, a recognised
    loss of autonomy…), from a list the network keeps."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")


class Service(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """One thing an organisation offers, with its own public, criteria and access.

    The row holds the published version; edits wait as revisions until the pilot approves them
    (Wagtail's draft, revision and workflow machinery)."""

    class AccessMode(models.TextChoices):
        DIRECT = "direct", _("Direct access")
        REFERRAL = "referral", _("On referral by a professional only")
        BOTH = "both", _("Direct or on referral")

    class Fee(models.TextChoices):
        FREE = "free", _("Free")
        PAID = "paid", _("Paid")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(
        _("description and missions"), blank=True, help_text=_("Markdown is allowed.")
    )
    categories = ParentalManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="services"
    )
    publics = ParentalManyToManyField(
        Public, verbose_name=_("publics"), blank=True, related_name="services"
    )
    public_details = models.TextField(_("public and situations"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    required_conditions = ParentalManyToManyField(
        Condition, verbose_name=_("required conditions"), blank=True, related_name="services"
    )
    inclusion_criteria = models.TextField(_("inclusion criteria"), blank=True)
    exclusion_criteria = models.TextField(_("exclusion criteria"), blank=True)
    serves_whole_territory = models.BooleanField(
        _("serves the whole territory of the organisation"), default=False
    )
    communes_served = ParentalManyToManyField(
        "portal.Commune", verbose_name=_("communes served"), blank=True, related_name="services"
    )
    access_mode = models.CharField(
        _("access"), max_length=20, choices=AccessMode.choices, default=AccessMode.DIRECT
    )
    referrers = models.CharField(_("who may refer"), max_length=300, blank=True)
    referral_form_url = models.URLField(_("referral form"), blank=True)
    access_details = models.TextField(_("how to get in"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    professional_contact = models.CharField(
        _("contact for professionals"), max_length=200, blank=True
    )
    professional_phone = models.CharField(_("phone for professionals"), max_length=30, blank=True)
    professional_email = models.EmailField(_("e-mail for professionals"), blank=True)
    hours = models.TextField(_("hours"), blank=True)
    fee = models.CharField(_("cost"), max_length=10, choices=Fee.choices, blank=True)
    cost_details = models.TextField(_("cost and funding"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="français")
    accessibility = models.TextField(_("accessibility"), blank=True)
    waiting_time = models.CharField(_("waiting time"), max_length=200, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.URLField(_("web page"), blank=True, max_length=500)
    locations = ParentalManyToManyField(
        "directory.Location", verbose_name=_("locations"), blank=True, related_name="services"
    )
    external_id = models.CharField(
        _("identifier in the source data"), max_length=200, blank=True, db_index=True
    )
    source = models.CharField(_("source of the data"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("public_details"),
        index.SearchField("search_document"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["live", "last_verified_on"]),
            # The published entries by name: the directory without words, the API list and the
            # exports read them in this order, a page at a time.
            models.Index(
                fields=["name", "id"], condition=models.Q(live=True), name="service_live_by_name"
            ),
            # The published entries of an organisation by date of verification: the pilot's
            # count of out-of-date entries reads their territory's organisations' entries here.
            models.Index(
                fields=["organisation", "last_verified_on"],
                condition=models.Q(live=True),
                name="service_live_by_verification",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="service_age_min_not_above_age_max",
            ),
            models.CheckConstraint(
                condition=models.Q(age_max__isnull=True) | models.Q(age_max__lte=130),
                name="service_age_max_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:service_detail", args=[self.slug])

    def search_document(self) -> str:
        """The normalised words of the entry (see directory.search_text), indexed beside the
        text itself so that accents and plurals match on every database."""
        parts = [
            self.name,
            self.summary,
            self.description,
            self.public_details,
            self.inclusion_criteria,
            self.organisation.name,
        ]
        if self.pk:
            parts += [c.label for c in self.categories.all()]
            parts += [p.label for p in self.publics.all()]
        return normalise(" ".join(parts))

    @property
    def referral_required(self) -> bool:
        return self.access_mode == self.AccessMode.REFERRAL

    def is_out_of_date(self, today: date | None = None) -> bool:
        """Not verified within the review period (settings.DIRECTORY_REVIEW_MONTHS)."""
        if self.last_verified_on is None:
            return True
        return self.last_verified_on < review_deadline(today)


def review_deadline(today: date | None = None) -> date:
    """Entries last verified before this date are out of date."""
    months = getattr(settings, "DIRECTORY_REVIEW_MONTHS", 12)
    return (today or timezone.localdate()) - timedelta(days=round(months * 365.25 / 12))


class CorrectionSuggestion(models.Model):
    """A correction that a signed-in user suggests for an entry; its editors and the pilot are
    told, and see it on their review pages until one of them marks it handled. Kept as
    written."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("suggested correction"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Listed to the pilot and the editors until one of them says it is handled.
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction suggestion")
        verbose_name_plural = _("correction suggestions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service", "handled_at"])]

    def __str__(self):
        return f"{self.service} — {self.created_at:%Y-%m-%d}"


class PilotApprovalTask(Task):
    """A moderation step approved by the pilots of the service's territory (or an
    administrator), so that each territory's pilot reviews the edits of its own partners."""

    admin_form_fields = Task.admin_form_fields

    @staticmethod
    def _may_review(obj, user) -> bool:
        return can(user, "directory.service.moderate", obj)

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def get_actions(self, obj, user):
        if self._may_review(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        # Wagtail keeps the object's key as text: each state's service is looked up by its key
        # and checked against the rule (EXISTS), rather than listing every service moderated.
        services = visible_to(
            user,
            Service.objects.filter(
                pk=Cast(OuterRef("workflow_state__object_id"), models.BigIntegerField())
            ),
            action="directory.service.moderate",
        )
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Service)
        ).filter(Exists(services))

    @classmethod
    def get_description(cls):
        return _("The pilots of the service's territory approve the change")

    class Meta:
        verbose_name = _("approval by the territory's pilot")
        verbose_name_plural = _("approvals by the territory's pilot")


from directory.details import (  # noqa: E402, F401  (models of the app, kept in their own module)
    Location,
    OrganisationIdentifier,
    ServiceArea,
    ServiceLanguage,
    ServicePhone,
    ServiceSchedule,
)
