"""The one transition log: every object with a life cycle (meeting, decision, dysfunction,
proposal) keeps its history in a concrete subclass of `TransitionLog`. A row, once written, is
never edited nor deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a history entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly("History entries are never edited.")

    def delete(self):
        raise HistoryIsAppendOnly("History entries are never deleted.")

    def detach_actor(self) -> int:
        """Remove the link to the person who acted (erasure of their account, the register's
        retention period): the one change a history entry admits; the entry itself stays."""
        return super().update(actor=None)


class TransitionLog(models.Model):
    """Who moved the object, when, from which state to which, by which transition, and why.
    A row whose `from_state` equals its `to_state` is a note in the timeline (a convocation
    updated, a duplicate merged in, feedback from the field); `transition` is then empty.
    Subclasses add the foreign key to their object and may narrow the states' choices."""

    at = models.DateTimeField(_("date"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    transition = models.CharField(_("transition"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryIsAppendOnly("History entries are never edited.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly("History entries are never deleted.")

    @property
    def is_state_change(self) -> bool:
        return self.from_state != self.to_state
