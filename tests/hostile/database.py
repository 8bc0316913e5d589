"""A cheap fingerprint of the whole database: rows per table, and the highest id where ids are numbers.

Two equal fingerprints mean no row was added or removed anywhere: enough to catch a page that
refuses an answer but has already written part of it. (A row changed in place is not seen.)
"""

from contextlib import contextmanager
from decimal import Decimal

from django.apps import apps
from django.db import DataError, connection
from django.db.models.signals import pre_save

# Tables a refused answer may still touch: the session of the person sending it.
NOT_COUNTED = {"django_session"}


def _tables() -> list[tuple[str, str | None]]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in NOT_COUNTED:
            continue
        numeric = meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField"}
        tables.append((meta.db_table, meta.pk.column if numeric else None))
    return sorted(set(tables))


def fingerprint() -> dict[str, tuple[int, int | None]]:
    """{table: (rows, highest id)} in one query."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT '{table}', COUNT(*), {f'MAX({quote(pk)})' if pk else 'NULL'} FROM {quote(table)}"
        for table, pk in _tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {table: (rows, highest) for table, rows, highest in cursor.fetchall()}


def changes(before: dict, after: dict) -> dict[str, tuple]:
    """The tables whose fingerprint differs: {table: (before, after)}."""
    return {
        table: (before.get(table), after.get(table))
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    }


# What PostgreSQL's integer columns hold: {Django field type: (least, most)}.
INTEGER_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}
LENGTH_LIMITED = {"CharField", "EmailField", "SlugField", "URLField"}


def _postgresql_refuses(field, value) -> str | None:
    """Why PostgreSQL would refuse to store `value` in `field`'s column, or None."""
    kind = field.get_internal_type()
    if isinstance(value, str):
        if "\x00" in value:
            return "PostgreSQL text fields cannot contain NUL (0x00) bytes"
        if kind in LENGTH_LIMITED and field.max_length and len(value) > field.max_length:
            return f"value too long for type character varying({field.max_length}) in {field}"
    elif isinstance(value, int) and kind in INTEGER_RANGES:
        least, most = INTEGER_RANGES[kind]
        if not least <= value <= most:
            return f"integer out of range in {field}"
    elif isinstance(value, Decimal) and kind == "DecimalField" and value.is_finite() and value:
        whole_digits = value.quantize(Decimal(1).scaleb(-field.decimal_places)).adjusted() + 1
        if whole_digits > field.max_digits - field.decimal_places:
            return f"numeric field overflow in {field}"
    return None


def _refuse_on_save(sender, instance, raw=False, **kwargs):
    for field in instance._meta.concrete_fields:
        reason = _postgresql_refuses(field, getattr(instance, field.attname, None))
        if reason:
            raise DataError(reason)


def _refuse_nul(execute, sql, params, many, context):
    rows = list(params or []) if many else [params or []]
    for row in rows:
        values = row.values() if isinstance(row, dict) else row
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    return execute(sql, rows if many else params, many, context)


@contextmanager
def as_postgresql_would():
    """Refuse on every database what PostgreSQL refuses: a NUL character in text, text longer than
    its column, a number too big for its column.

    SQLite stores all of these happily, so without this a page that saves one would pass here
    and fail with a server error in production. Rows saved one by one are checked field by field;
    every statement is checked for NUL characters.
    """
    pre_save.connect(_refuse_on_save, dispatch_uid="hostile-as-postgresql-would")
    try:
        with connection.execute_wrapper(_refuse_nul):
            yield
    finally:
        pre_save.disconnect(dispatch_uid="hostile-as-postgresql-would")
