"""Personal calendar feeds: the secret address of each person's feed."""

from django.db import transaction
from django.utils import timezone

from meetings.models import (
    CalendarToken,
)


@transaction.atomic
def calendar_token_regenerate(*, user) -> CalendarToken:
    """Give a person a new secret feed address; the old one stops working at once."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        from meetings.models import new_feed_token

        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token
