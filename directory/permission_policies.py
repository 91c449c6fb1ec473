"""Wagtail's view of the directory's permissions: the back office and Wagtail's publish action
ask this policy, which answers with the rules of directory/rules.py (the territory's pilots
publish, the organisation's editors change), so that roles stay data, not Django groups."""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from portal.permissions import access, can, is_admin

EDITOR_ACTIONS = {"add", "change", "view", "lock", "unlock"}
PILOT_ACTIONS = EDITOR_ACTIONS | {"publish", "unpublish"}


class ServicePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if is_admin(user):
            return True
        a = access(user)
        if a and a.pilot_territory_ids and action in PILOT_ACTIONS:
            return True
        if a and a.editable_organisation_ids and action in EDITOR_ACTIONS:
            return True
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"publish", "unpublish"}:
            return can(user, "directory.service.moderate", instance)
        if action in EDITOR_ACTIONS:
            return can(user, "directory.service.edit", instance)
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if is_admin(user):
            return queryset
        a = access(user)
        if not a:
            return queryset.none()
        allowed = Q(organisation__territory_id__in=a.pilot_territory_ids)
        if set(actions) & EDITOR_ACTIONS:
            allowed |= Q(organisation_id__in=a.editable_organisation_ids)
        return queryset.filter(allowed)
