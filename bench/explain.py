"""The scan types PostgreSQL plans for a page's main queries (its three slowest)."""

from django.db import connection

LARGE = 10_000  # rows: a sequential scan over a table this big is flagged with "!"
_plans = {}
_sizes = {}


def server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _size(relation: str) -> int:
    if relation not in _sizes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [relation])
            row = cursor.fetchone()
            _sizes[relation] = int(row[0]) if row else 0
    return _sizes[relation]


def _walk(node, found):
    relation = node.get("Relation Name")
    if relation and "Scan" in node["Node Type"]:
        found.add((node["Node Type"], relation))
    for child in node.get("Plans", []):
        _walk(child, found)


def _plan(sql: str) -> set:
    if sql not in _plans:
        found = set()
        try:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                _walk(cursor.fetchone()[0][0]["Plan"], found)
        except Exception:  # noqa: BLE001 (a query that cannot be replayed alone is left out)
            pass
        _plans[sql] = found
    return _plans[sql]


def scans(captured: list[dict]) -> str:
    if connection.vendor != "postgresql":
        return ""
    selects = [q for q in captured if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    slowest = sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:3]
    found = set()
    for query in slowest:
        found |= _plan(query["sql"])
    seq = sorted(f"{r}{'!' if _size(r) >= LARGE else ''}" for t, r in found if t == "Seq Scan")
    indexed = sorted({r for t, r in found if t != "Seq Scan"})
    parts = []
    if seq:
        parts.append("Seq " + ", ".join(seq))
    if indexed:
        parts.append(f"{len(indexed)} by index")
    return "; ".join(parts)
