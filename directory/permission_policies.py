"""Wagtail's view of the directory's permissions: the back office and Wagtail's publish action
ask this policy, which answers with the rules of directory/rules.py (the territory's pilots
publish, the organisation's editors change), so that roles stay data, not Django groups."""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.permissions import can, visible_to

EDITOR_ACTIONS = {"add", "change", "view", "lock", "unlock"}
PILOT_ACTIONS = EDITOR_ACTIONS | {"publish", "unpublish"}


def _rule_for(actions) -> str:
    """Publishing is moderating; everything else an editor does is editing."""
    return (
        "directory.service.edit" if set(actions) & EDITOR_ACTIONS else "directory.service.moderate"
    )


class ServicePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in PILOT_ACTIONS and can(user, "directory.service.moderate"):
            return True
        if action in EDITOR_ACTIONS and can(user, "directory.service.edit"):
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
        return visible_to(user, queryset, action=_rule_for(actions))
