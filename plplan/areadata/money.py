"""Reading amounts people type or upload, exactly, into integer minor units.

The app writes numbers as 1,234.56 (comma between thousands, dot for decimals); an amount in
the other convention (1.234,56) is refused with a message saying how to write it, never guessed.
"""

import re

from flask_babel import gettext, ngettext

from plplan.formatting import CURRENCIES

LIMIT = 10**12  # major units: above a trillion is a typo, not a budget

_PLAIN = re.compile(r"^(\d+)(?:\.(\d+))?$")
_GROUPED = re.compile(r"^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$")
_OTHER_CONVENTION = re.compile(r"^\d{1,3}(\.\d{3})+(,\d*)?$|^\d+,\d{1,2}$|^\d+,\d{4,}$")


class AmountError(ValueError):
    """What is wrong with a typed amount, as a sentence for the person who typed it."""


def parse_amount(text: str, currency: str) -> int | None:
    """Minor units for `text` (None when empty); raise AmountError with a clear message."""
    typed = text.strip().replace("\u00a0", "").replace(" ", "")
    if not typed:
        return None
    if typed[0] in "-−":
        raise AmountError(gettext("An amount cannot be negative."))
    digits = CURRENCIES[currency].digits
    match = _PLAIN.match(typed) or _GROUPED.match(typed)
    if not match:
        if _OTHER_CONVENTION.match(typed):
            raise AmountError(
                gettext(
                    "Write “%(typed)s” with a dot for decimals and commas between thousands, "
                    "like 1,234.56.",
                    typed=typed,
                )
            )
        raise AmountError(
            gettext("“%(typed)s” is not an amount; write it like 1,234.56.", typed=typed)
        )
    whole, fraction = match.group(1).replace(",", ""), match.group(2) or ""
    if len(fraction) > digits:
        if digits < 3 == len(fraction):
            raise AmountError(
                ngettext(
                    "%(currency)s amounts have %(num)d decimal at most "
                    "(use a comma between thousands: 1,234).",
                    "%(currency)s amounts have %(num)d decimals at most "
                    "(use a comma between thousands: 1,234).",
                    digits,
                    currency=currency,
                )
            )
        raise AmountError(
            ngettext(
                "%(currency)s amounts have %(num)d decimal at most.",
                "%(currency)s amounts have %(num)d decimals at most.",
                digits,
                currency=currency,
            )
        )
    if int(whole) >= LIMIT:
        most = format(LIMIT, ",")
        raise AmountError(gettext("That is more than %(limit)s: check the amount.", limit=most))
    return int(whole) * 10**digits + int(fraction.ljust(digits, "0") or 0)
