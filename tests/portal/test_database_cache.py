"""The shared cache in the database writes several values in one statement, and keeps what
Django's database cache keeps: the values, their replacement, their expiry."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def writes(values: dict, timeout=60) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert cache.set_many(values, timeout) == []
    return [query["sql"] for query in context.captured_queries]


def test_ten_values_are_written_in_as_many_queries_as_one():
    one = writes({"a-key": "a value"})
    ten = writes({f"key-{i}": {"rank": i} for i in range(10)})
    assert len(one) == len(ten)
    assert cache.get_many([f"key-{i}" for i in range(10)]) == {
        f"key-{i}": {"rank": i} for i in range(10)
    }


def test_a_value_written_again_replaces_the_former_one():
    cache.set_many({"first": 1, "second": 2})
    cache.set_many({"second": "deux", "third": 3})
    cache.set("first", "un")
    assert cache.get_many(["first", "second", "third"]) == {
        "first": "un",
        "second": "deux",
        "third": 3,
    }


def test_a_value_is_not_read_after_its_timeout():
    cache.set_many({"gone": "at once", "kept": "a minute"}, 0)  # 0: expired when written
    cache.set_many({"kept": "a minute"}, 60)
    cache.set("forever", "kept", None)
    assert cache.get_many(["gone", "kept", "forever"]) == {"kept": "a minute", "forever": "kept"}


def test_values_written_inside_a_transaction_leave_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        cache.set_many({"undone": 1})
        assert cache.get("undone") == 1
        raise RuntimeError
    assert cache.get("undone") is None
