"""Dates, times, numbers, money and counted words as people read them: one format each.

Dates and times are shown in the viewer's time zone (their profile's, else UTC); numbers and
money in their browser's locale; money is exact, from integer minor units; a count and its
noun agree through ngettext ("1 comment", "2 comments"), so a catalogue can translate them;
a name owns things the English way ("Maya's", "Payments'").
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError, numbers
from babel.support import NullTranslations
from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import format_timedelta, get_locale, get_translations, gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape

from plplan.extensions import babel

DEFAULT_LOCALE = "en"


@cache
def time_zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows ("Europe/Berlin"): the names a person may pick."""
    return frozenset(available_timezones())


def zone_named(name: str | None) -> ZoneInfo | None:
    """The zone called `name`, or None for anything that is not an IANA name."""
    return ZoneInfo(name) if name in time_zone_names() else None


def viewer_zone() -> tzinfo:
    """The zone the signed-in viewer reads times in (their profile's); UTC for anyone else."""
    if not has_request_context() or not current_user.is_authenticated:
        return UTC
    return zone_named(current_user.time_zone) or UTC


def browser_locale() -> str:
    """The first locale of the browser's languages that Babel knows: how numbers are written
    (English outside a request: the CLI, a worker)."""
    languages = request.accept_languages if has_request_context() else []
    for language, _quality in languages:
        try:
            return str(Locale.parse(language, sep="-"))
        except (ValueError, UnknownLocaleError):
            continue
    return DEFAULT_LOCALE


def viewer_locale() -> Locale:
    """The locale numbers and money are written in, for this request."""
    return get_locale() or Locale.parse(DEFAULT_LOCALE)


def catalogue() -> NullTranslations:
    """This request's translations, looked up once: HTML built in Python asks for words once
    per row, and each flask_babel.gettext finds the locale and its catalogue again (~6 µs)."""
    if not has_app_context():
        return get_translations()
    if "catalogue" not in g:
        g.catalogue = get_translations()
    return g.catalogue


class LazyText(LazyString):
    """Words translated when they are read, in the reader's language: a label or message
    defined at import time. Each is translated once per catalogue, not at every read (a plan
    page reads its sections' titles and hints some 150 times). In HTML it is escaped like any
    text (flask_babel's lazy string passes as markup, unescaped)."""

    _read: tuple[NullTranslations, str] | None = None

    def __init__(self, string: str, **variables):
        super().__init__(gettext, string, **variables)

    def __str__(self) -> str:
        words = catalogue()
        if self._read is None or self._read[0] is not words:
            text = words.gettext(self._args[0])  # as flask_babel.gettext does
            self._read = (words, text % self._kwargs if self._kwargs else text)
        return self._read[1]

    def __html__(self) -> str:
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> LazyText:
    """gettext, put off until the text is read (`make messages` extracts it by this name)."""
    return LazyText(string, **variables)


def today() -> date:
    """The viewer's date today (what "due today" and "overdue" are judged against)."""
    return datetime.now(viewer_zone()).date()


def format_date(value: date | datetime) -> str:
    """`24 Nov 2026`; a moment first becomes a day in the viewer's zone."""
    if isinstance(value, datetime):
        value = value.astimezone(viewer_zone())
    return value.strftime("%d %b %Y")


def format_month(month: date, with_year: bool = True) -> str:
    """`Nov 2026`, or `Nov` where the year is plain from around it (a chart's axis)."""
    return month.strftime("%b %Y" if with_year else "%b")


def format_datetime(moment: datetime) -> str:
    """`24 Nov 2026, 14:05 UTC`: the zone is named, so no one reads it as their own."""
    local = moment.astimezone(viewer_zone())
    zone = local.tzname() or "UTC"
    return f"{local:%d %b %Y, %H:%M} {'UTC' if zone[0] in '+-' else ''}{zone}"


def time_ago(moment: datetime, css_class: str = "") -> Markup:
    """`<time …>3 days ago</time>`, where recency matters more than the hour (feeds,
    comments); the exact moment is in the element, for machines, and on hover."""
    age = datetime.now(UTC) - moment
    ago = (
        gettext("just now")  # also a moment a clock a little ahead wrote "in 2 seconds"
        if age < timedelta(minutes=1)
        else format_timedelta(-age, add_direction=True, threshold=0.9)
    )
    return Markup('<time datetime="{}" title="{}"{}>{}</time>').format(
        moment.isoformat(),
        format_datetime(moment),
        Markup(' class="{}"').format(css_class) if css_class else "",
        ago,
    )


def plain_number(value: float | None) -> str:
    """`12` rather than `12.0`, `1234.5` ungrouped: a number as a field holds it; a missing,
    NaN or infinite value (a bad row stored before values were checked) reads as a dash."""
    if value is None or not math.isfinite(value):
        return "–"
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def format_number(value: float | None) -> str:
    """`1,234.5` (`1.234,5` for a German browser): a number to read, in the viewer's locale."""
    if value is None or not math.isfinite(value):
        return "–"
    return numbers.format_decimal(value, locale=viewer_locale())


def plural(count: int, singular: str, plural_form: str) -> str:
    """`1 comment`, `2 comments`, `0 comments`: the noun through ngettext, so a catalogue
    gives it the right form for the count (`pybabel extract -k plural:2,3` finds both). It
    asks this request's catalogue: a chart of a big team says it once per person."""
    return f"{count} {catalogue().ngettext(singular, plural_form, count)}"


def measure(value: float | None, unit: str) -> str:
    """A value in a goal's unit, written as people name it in the plural ("interviews"):
    `1 interview`, `2.5 interviews`, `40 %`; a unit that is not an English plural stays."""
    unit = (unit or "").strip()
    if value == 1 and len(unit) > 2 and unit.endswith("s") and not unit.endswith(("ss", "us")):
        unit = unit[:-1]
    return f"{format_number(value)} {unit}".rstrip()


def possessive(name: str) -> str:
    """`Maya's`, but `Payments'`: a name ending in s takes the apostrophe alone."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


MONTH_NAMES = [date(2000, month, 1).strftime("%B") for month in range(1, 13)]


@dataclass(frozen=True)
class Currency:
    code: str
    digits: int  # minor units per major unit, as a power of ten (ISO 4217 "exponent")


# The currencies a team may choose; amounts are integers in minor units (cents, pence, yen).
CURRENCIES = {
    c.code: c
    for c in [
        Currency("EUR", 2),
        Currency("USD", 2),
        Currency("GBP", 2),
        Currency("CHF", 2),
        Currency("SEK", 2),
        Currency("DKK", 2),
        Currency("NOK", 2),
        Currency("PLN", 2),
        Currency("CAD", 2),
        Currency("AUD", 2),
        Currency("INR", 2),
        Currency("JPY", 0),
        Currency("KWD", 3),
    ]
}


def plain_amount(minor: int, currency: str, grouped: bool = False) -> str:
    """`1234.50` (or `1,234.50`): exact, from integer minor units; no symbol."""
    digits = CURRENCIES[currency].digits
    sign = "-" if minor < 0 else ""
    major, cents = divmod(abs(minor), 10**digits)
    whole = f"{major:,}" if grouped else str(major)
    return f"{sign}{whole}.{cents:0{digits}d}" if digits else f"{sign}{whole}"


def format_money(minor: int, currency: str) -> str:
    """`€1,234.50`, `−¥1,200`, `1.234,50 €` for a German browser: the team's currency in the
    viewer's locale, exact; a code as symbol keeps a space from the digits (`KWD 1.005`)."""
    locale = viewer_locale()
    amount = Decimal(abs(minor)).scaleb(-CURRENCIES[currency].digits)
    text = numbers.format_currency(amount, currency, locale=locale)
    symbol = numbers.get_currency_symbol(currency, locale)
    if symbol[-1].isalpha() and text.startswith(symbol) and text[len(symbol)].isdigit():
        text = f"{symbol} {text[len(symbol) :]}"
    return ("−" if minor < 0 else "") + text


def register_formatting(app: Flask) -> None:
    """Babel (numbers in the browser's locale; gettext/ngettext in templates) and the filters
    `|date`, `|datetime`, `|ago`, `|number`, `|plain_number`, `|money`, `|measure`,
    `|possessive`."""
    babel.init_app(app, default_locale=DEFAULT_LOCALE, locale_selector=browser_locale)
    # Flask-Babel's template callables find the locale and catalogue again on every call
    # (hundreds a page, a third of the history page's time); these ask this request's once.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalogue().gettext(s),
        ngettext=lambda s, p, n: catalogue().ngettext(s, p, n),
        pgettext=lambda c, s: catalogue().pgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().npgettext(c, s, p, n),
        newstyle=True,
    )
    app.add_template_filter(time_ago, "ago")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(plain_number, "plain_number")  # echoing what was typed
    app.add_template_filter(format_money, "money")
    app.add_template_filter(measure, "measure")
    app.add_template_filter(possessive, "possessive")
    app.add_template_global(plain_amount, "plain_amount")
