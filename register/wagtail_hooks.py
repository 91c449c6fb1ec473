"""Back office of the register: the administrator edits the taxonomy of dysfunctions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from register.models import Category


class DysfunctionCategoryViewSet(ModelViewSet):
    model = Category
    name = "register_categories"
    url_prefix = "registre/categories"
    icon = "tag"
    menu_label = _("Dysfunction categories")
    menu_order = 230
    add_to_admin_menu = True
    form_fields = ["value", "label", "order", "is_active"]
    list_display = ["label", "value", "order", "is_active"]
    search_fields = ["label", "value"]


@hooks.register("register_admin_viewset")
def register_register_viewsets():
    return DysfunctionCategoryViewSet()
