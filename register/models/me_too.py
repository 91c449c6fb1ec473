"""« Moi aussi »: a case manager adds their situations to a dysfunction the tables already know
instead of filing it twice. They become one of its filers: hidden from everyone but the pilot
and themselves, and told of its changes like the first filer."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeToo(models.Model):
    dysfunction = models.ForeignKey(
        "register.Dysfunction",
        verbose_name=_("dysfunction"),
        on_delete=models.CASCADE,
        related_name="me_toos",
    )
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="register_me_toos",
        # Detached (empty) once the retention period is over or the account is erased.
        null=True,
    )
    situation_count = models.PositiveIntegerField(
        _("how many situations"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many situations you know of where this happened."),
    )
    note = models.TextField(
        _("what you saw"),
        blank=True,
        help_text=_(
            "Optional: what your situations add. Describe the situation, never the person."
        ),
    )
    created_at = models.DateTimeField(_("added on"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now)

    class Meta:
        verbose_name = _("« me too »")
        verbose_name_plural = _("« me too »")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dysfunction", "filer"], name="one_me_too_per_filer"),
            models.CheckConstraint(
                condition=models.Q(situation_count__gte=1), name="me_too_at_least_one_situation"
            ),
        ]

    def __str__(self):
        return f"{self.dysfunction_id} + {self.filer_id}"
