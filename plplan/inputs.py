"""What the app accepts from a request, in one place: ids in URLs and hidden fields stay
inside the database's integer range, measured values are finite and of a human size, and text
carries no NUL characters.

Anything outside is refused as input (404 for a URL, a message beside the field for a form)
rather than reaching the database, where SQLite overflows past 2^63 and PostgreSQL past 2^31.
"""

import math

from flask import Request
from flask_babel import gettext
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter
from wtforms import FloatField, IntegerField
from wtforms.validators import ValidationError

from plplan.formatting import plain_number

# The largest id on both databases: PostgreSQL's INTEGER, the narrower of the two.
MAX_ID = 2**31 - 1
# Goal values beyond this are typos or attacks, not measures; it keeps sums and charts finite.
MAX_MEASURE = 1e12


def without_nul(text: str) -> str:
    """The text with NUL characters dropped: nobody types one, and PostgreSQL refuses to
    store text that holds one."""
    return text.replace("\x00", "")


def json_without_nul(value):
    """Parsed JSON with `without_nul` applied to every string in it, keys included."""
    if isinstance(value, str):
        return without_nul(value)
    if isinstance(value, list):
        return [json_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): json_without_nul(item) for key, item in value.items()}
    return value


class TextWithoutNul(ImmutableMultiDict):
    """Query and form values `without_nul`. Uploaded files pass as they are."""

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [
                (key, without_nul(value) if isinstance(value, str) else value)
                for key, value in iter_multi_items(mapping)
            ]
        super().__init__(mapping)


class PlplanRequest(Request):
    parameter_storage_class = TextWithoutNul


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive id the database can hold, or no match (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def db_int(value: str) -> int:
    """`request.args.get(name, type=db_int)`: an integer in the id range; ValueError otherwise,
    which makes werkzeug answer the default instead."""
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError(f"{value!r} is out of range")
    return number


class BoundedIntegerField(IntegerField):
    """An IntegerField (hidden ids, versions) whose value fits a database integer."""

    def pre_validate(self, form) -> None:
        if self.data is not None and not -MAX_ID <= self.data <= MAX_ID:
            raise ValidationError(gettext("This number is out of range."))


class NumberField(FloatField):
    """A measured value: finite, at most MAX_MEASURE either way; shows 12 rather than 12.0 and
    keeps what was typed when it is refused."""

    def pre_validate(self, form) -> None:
        if self.data is not None and not (
            math.isfinite(self.data) and abs(self.data) <= MAX_MEASURE
        ):
            most = format(MAX_MEASURE, ",.0f")
            raise ValidationError(gettext("Enter a number between -%(max)s and %(max)s.", max=most))

    def _value(self) -> str:
        if self.raw_data or self.data is None:
            return super()._value()
        return plain_number(self.data)
