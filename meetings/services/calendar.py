"""Calendar feeds: the secret address of each person's feed and of each table's."""

from django.db import transaction
from django.utils import timezone

from meetings.models import CalendarToken, TableCalendarToken, new_feed_token
from portal.permissions import ensure


@transaction.atomic
def calendar_token_regenerate(*, user) -> CalendarToken:
    """Give a person a new secret feed address; the old one stops working at once."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


def calendar_token_erase(*, user) -> None:
    """Erasure of an account (portal.personal_data): the personal feed's address stops."""
    CalendarToken.objects.filter(user=user).delete()


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def table_calendar_token_for(table) -> TableCalendarToken:
    """The secret address of the table's full calendar, made the first time it is asked for."""
    token, _created = TableCalendarToken.objects.get_or_create(table=table)
    return token


@transaction.atomic
def table_calendar_token_renew(*, actor, table) -> TableCalendarToken:
    """The pilot gives the table a new secret calendar address; the old one stops working at
    once (members subscribe again with the new one)."""
    ensure(actor, "meetings.table.manage", table)
    token, created = TableCalendarToken.objects.select_for_update().get_or_create(table=table)
    if not created:
        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token
