"""A token per kind of data (the directory, the register) that changes whenever that data
changes: what is computed from the data may be kept in the shared cache under the token, and is
never read again once the data has changed (portal.versions)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    name = models.CharField(_("data"), max_length=40, primary_key=True)
    token = models.UUIDField(_("version"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
