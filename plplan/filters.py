"""Filters read from a page's query string: GET forms that change nothing, so no CSRF token;
a value that is not offered (or not a date) is ignored rather than refused."""

from wtforms import Form


def id_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class QueryFilter(Form):
    """Subclasses set their choices in __init__; the first `value()` validates."""

    _validated = False

    def value(self, name: str):
        """The chosen value of filter `name`, or None for "any" (and for a value not accepted)."""
        if not self._validated:
            self.validate()
            self._validated = True
        field = self._fields.get(name)
        return None if field is None or field.errors or field.data in ("", None) else field.data

    @property
    def active(self) -> dict[str, str]:
        """The filters in use, as query-string arguments (for links that keep them)."""
        return {name: field.raw_data[0] for name, field in self._fields.items() if self.value(name)}
