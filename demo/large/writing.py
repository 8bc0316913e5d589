"""Writing many rows at once: COPY on PostgreSQL for the rows whose ids nobody reads back.

`bulk_create` builds an INSERT of thousands of parameters per batch, and compiling that costs
more than the database's own work; COPY streams the values instead, several times faster. The
timeline, the notifications and the many-to-many links are never referred to by id, so they go
by COPY; rows others point at (requests, invitations, attendance) keep `bulk_create`, which
gives back their ids. Other databases (SQLite in tests) use `bulk_create` for everything.
"""

from django.db import connection


def insert(model, objects, *, batch_size: int) -> None:
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608  names from the model
        for obj in objects:
            copy.write_row([_value(obj, field) for field in fields])


def _value(obj, field):
    value = getattr(obj, field.attname)
    if value is None and field.is_relation:
        # A row made before the row it points at was saved: read the id from that row now.
        related = field.get_cached_value(obj, None)
        value = related.pk if related is not None else None
    if isinstance(value, str):
        value = str(value)  # choices' members, as their plain value
    return value
