"""Typed service errors; views and APIs map them to 403 / 404 / 409 / 422."""


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str = "", **details):
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(ServiceError):
    """Missing, or outside the user's scope: the two are indistinguishable on purpose."""

    status = 404


class Forbidden(ServiceError):
    """The user lacks the permission, or separation of duties forbids them."""

    status = 403


class Conflict(ServiceError):
    """Not allowed from the record's current state (including a lost race)."""

    status = 409


class Invalid(ServiceError):
    """Bad input: a clear message, nothing written."""

    status = 422


def from_database_error(ex: Exception, *, deleting: bool = False,
                        references: list[str] | tuple = ()) -> ServiceError:
    """A database refusal (integrity, bad value) as a typed error that tells the user what
    happened without the database's own text (no SQL, no driver message, no constraint
    names). Deleting a row others refer to is a Conflict (409) naming the referring tables;
    a duplicate, a missing or a dangling value is Invalid (422), naming the field when the
    driver says which."""
    from flask_babel import lazy_gettext as _l
    from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

    if not isinstance(ex, SQLAlchemyError) and isinstance(ex.__cause__, SQLAlchemyError):
        ex = ex.__cause__  # FAB's DatabaseException around the driver's error
    cause = getattr(ex, "orig", None) or ex
    if isinstance(ex, IntegrityError):
        kind = _integrity_kind(cause)
        if deleting or kind == "referenced":
            if references:
                return Conflict(str(_l("Still referred to by: %(t)s", t=", ".join(references))),
                                references=list(references))
            return Conflict(str(_l("Other records still refer to this one")))
        if kind == "unique":
            field = _field_of(cause)
            return Invalid(str(_l("A record with this value already exists")),
                           **({"field": field} if field else {}))
        if kind == "not_null":
            field = _field_of(cause)
            return Invalid(str(_l("A required value is missing")),
                           **({"field": field} if field else {}))
        if kind == "foreign_key":
            return Invalid(str(_l("A value refers to a record that does not exist")))
        return Invalid(str(_l("The record breaks a rule of the database")))
    if isinstance(ex, DataError):
        return Invalid(str(_l("A value is out of range or malformed")))
    return Invalid(str(_l("The database refused the change")))


_PG_CODES = {"23505": "unique", "23502": "not_null", "23503": "foreign_key",
             "23514": "check"}


def _integrity_kind(cause) -> str:
    code = getattr(cause, "pgcode", None)
    text = str(cause).lower()
    if code == "23503" or "foreign key" in text:
        # PostgreSQL: "update or delete on table ... violates foreign key constraint"
        return "referenced" if "update or delete on" in text else "foreign_key"
    if code in _PG_CODES:
        return _PG_CODES[code]
    if "unique" in text or "duplicate" in text:
        return "unique"
    if "not null" in text or "not-null" in text:
        return "not_null"
    return "check"


def _field_of(cause) -> str | None:
    """The column a constraint is about, when the driver says so plainly."""
    diag = getattr(cause, "diag", None)
    column = getattr(diag, "column_name", None) if diag is not None else None
    if column:
        return column
    text = str(cause)
    # SQLite: "UNIQUE constraint failed: client.phone" / "NOT NULL constraint failed: t.c"
    if "constraint failed: " in text:
        first = text.split("constraint failed: ", 1)[1].split(",")[0].strip()
        return first.rsplit(".", 1)[-1] or None
    # PostgreSQL: 'Key (phone)=(...) already exists.'
    if "Key (" in text:
        return text.split("Key (", 1)[1].split(")", 1)[0].split(",")[0] or None
    return None
