"""CSV downloads that spreadsheets open safely: no cell read as a formula, UTF-8 with a BOM."""

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection


def spreadsheet_safe(text: str) -> str:
    """Keep a cell from being read as a formula by spreadsheet programs."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(rows: Iterable[Sequence]) -> str:
    """`rows` as CSV; every text cell made spreadsheet-safe, numbers left as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    return out.getvalue()


def csv_download(rows: Iterable[Sequence], filename: str) -> Response:
    """A CSV attachment; the byte order mark tells Excel it is UTF-8, so "Tomás" stays "Tomás"."""
    return Response(
        "\ufeff" + csv_text(rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
