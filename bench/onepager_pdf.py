"""Time to produce the demo plan's one-pager PDF, through the real route, with the default
sections and with the Numbers section (the team's budget and the KPIs linked to the plan).

"cold" clears the layout cache first (every fitting attempt is laid out by WeasyPrint);
"warm" is a repeat download of an unchanged plan.
Usage: .venv/bin/python bench/onepager_pdf.py [DATABASE_URL]
"""

import statistics
import sys
import time

import sqlalchemy as sa
from harness import make_app, signed_in_client

from plplan.demo import load_demo
from plplan.export import formats
from plplan.extensions import db
from plplan.models import User

PATH = "/t/checkout-payments/one-pager.pdf"
DEFAULT, WITH_NUMBERS = (
    "",
    "?chosen=1&sections="
    + "&sections=".join(
        ["vision", "board", "strategy", "roadmap", "responsibilities", "growth", "numbers"]
    ),
)
RUNS = 15


def timed(client, path: str, clear_cache: bool) -> list[float]:
    timings = []
    for _ in range(RUNS):
        if clear_cache:
            formats._layout.cache_clear()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return sorted(timings)


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    with app.app_context():
        load_demo()
        db.session.commit()
        leader_id = db.session.scalar(sa.select(User.id).where(User.email == "maya@example.com"))
    client = signed_in_client(app, leader_id)
    client.get(PATH)  # imports, fonts
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    print(f"\nOne-pager PDF of the demo plan ({backend}, {RUNS} runs each)")
    for sections, query in (("default sections", DEFAULT), ("with Numbers", WITH_NUMBERS)):
        for label, clear in (
            ("cold (layout cache cleared)", True),
            ("warm (same plan again)", False),
        ):
            t = timed(client, PATH + query, clear)
            median, p90 = statistics.median(t), t[int(RUNS * 0.9) - 1]
            print(f"  {sections:<17} {label:<28} median {median:7.1f} ms   p90 {p90:7.1f} ms")


if __name__ == "__main__":
    main()
