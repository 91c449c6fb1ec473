"""Back office of the directory: organisations, memberships and reference lists, and the
services as a snippet with drafts, revisions, locking and the pilot's moderation workflow."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.models import (
    Category,
    Condition,
    Location,
    Membership,
    Organisation,
    Public,
    Service,
)
from directory.permission_policies import ServicePermissionPolicy
from directory.services import membership_remove, membership_save
from portal.back_office import ServiceCreateView, ServiceDeleteView, ServiceEditView


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "home"
    form_fields = [
        "name", "alternate_name", "slug", "kind", "territory", "siret", "address", "commune",
        "website", "email", "phone", "description",
    ]  # fmt: skip
    list_display = ["name", "kind", "territory"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]


class MembershipSaveMixin:
    def save_through_service(self, form):
        return membership_save(actor=self.request.user, membership=form.instance)


class MembershipCreateView(MembershipSaveMixin, ServiceCreateView):
    pass


class MembershipEditView(MembershipSaveMixin, ServiceEditView):
    pass


class MembershipDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        membership_remove(actor=self.request.user, membership=self.object)


class MembershipViewSet(ModelViewSet):
    """Memberships are roles: saved through directory.services like the portal's pages."""

    model = Membership
    icon = "user"
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    copy_view_enabled = False
    form_fields = ["user", "organisation", "role", "can_edit_directory"]
    list_display = ["user", "organisation", "role", "can_edit_directory"]
    list_filter = ["role", "can_edit_directory"]


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    form_fields = ["value", "label", "group"]
    list_display = ["label", "value", "group"]
    search_fields = ["label", "value"]


class PublicViewSet(ModelViewSet):
    model = Public
    icon = "group"
    form_fields = ["value", "label"]
    list_display = ["label", "value"]


class ConditionViewSet(ModelViewSet):
    model = Condition
    icon = "list-ul"
    form_fields = ["value", "label"]
    list_display = ["label", "value"]


class LocationViewSet(ModelViewSet):
    model = Location
    icon = "site"
    form_fields = [
        "organisation", "kind", "name", "alternate_name", "description", "transportation", "url",
        "address_1", "address_2", "postal_code", "city", "region", "state_province", "country",
        "latitude", "longitude",
    ]  # fmt: skip
    list_display = ["name", "city", "organisation"]
    search_fields = ["name", "city"]


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 210
    items = [
        OrganisationViewSet,
        LocationViewSet,
        MembershipViewSet,
        CategoryViewSet,
        PublicViewSet,
        ConditionViewSet,
    ]


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "doc-full"
    menu_label = _("Directory services")
    menu_order = 211
    add_to_admin_menu = True
    list_display = ["name", "organisation", "live", "last_verified_on"]
    list_filter = ["live", "access_mode"]
    search_fields = ["name"]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("categories"),
                FieldPanel("publics"),
                FieldPanel("public_details"),
                FieldPanel("age_min"),
                FieldPanel("age_max"),
                FieldPanel("required_conditions"),
                FieldPanel("inclusion_criteria"),
                FieldPanel("exclusion_criteria"),
                FieldPanel("serves_whole_territory"),
                FieldPanel("communes_served"),
                InlinePanel("areas", heading=_("Other areas served"), label=_("Area served")),
            ],
            heading=_("Public and criteria"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("access_mode"),
                FieldPanel("referrers"),
                FieldPanel("referral_form_url"),
                FieldPanel("access_details"),
                FieldPanel("hours"),
                InlinePanel("schedules", heading=_("Opening hours"), label=_("Opening hours")),
                FieldPanel("fee"),
                FieldPanel("cost_details"),
                FieldPanel("languages"),
                InlinePanel("spoken_languages", heading=_("Languages"), label=_("Language")),
                FieldPanel("accessibility"),
                FieldPanel("waiting_time"),
            ],
            heading=_("How to get in"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                InlinePanel("phones", heading=_("Other phones"), label=_("Phone")),
                FieldPanel("email"),
                FieldPanel("url"),
                FieldPanel("locations"),
                FieldPanel("professional_contact"),
                FieldPanel("professional_phone"),
                FieldPanel("professional_email"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("last_verified_on"),
        FieldPanel("external_id"),
        FieldPanel("source"),
    ]


register_permission_policy(Service, ServicePermissionPolicy(Service))
register_snippet(ServiceViewSet)
