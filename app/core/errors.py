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
