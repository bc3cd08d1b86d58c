"""Export and import of the large bench team: wall time and peak Python memory.

The team is `make bench`'s largest (200 people, 30 areas, 10 goals each with 20 check-ins,
the 50-row plan with 500 revisions and 100 comments), on the dataset that command builds
(instance/bench.sqlite, or DATABASE_URL). Export: the download, streamed and only counted.
Import: the dry run (`check`) and the confirm (`create`), in one transaction rolled back
afterwards, so the dataset stays as it was. Peak memory comes from a second pass under
tracemalloc (which slows it; its times are not the ones printed).

Usage: .venv/bin/python bench/bundle.py [DATABASE_URL]
"""

import sys
import time
import tracemalloc

import dataset
import sqlalchemy as sa
from run import SQLITE_FILE, backend, prepared_app

from plplan.bundle import export, importer
from plplan.extensions import db
from plplan.models import Team, User


def exported(team_id: int) -> bytes:
    return "".join(export.write(team_id)).encode()


def streamed_size(team_id: int) -> int:
    """The download's size, chunk by chunk, none kept."""
    return sum(len(chunk.encode()) for chunk in export.write(team_id))


def imported(data: bytes, leader: User) -> int:
    """Dry run then confirm, rolled back; how many rows the bundle holds."""
    result = importer.check(data, leader.id)
    assert result.ok, result.problems[:3]
    importer.create(result, "Imported bench team", leader)
    db.session.flush()
    db.session.rollback()
    return sum(result.counts.values())


def timed(work, *args) -> tuple[float, object]:
    start = time.perf_counter()
    value = work(*args)
    return time.perf_counter() - start, value


def peak_mib(work, *args) -> float:
    tracemalloc.start()
    work(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    app = prepared_app(sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{SQLITE_FILE}")
    with app.app_context():
        team = next(t for t in dataset.bench_teams() if t.size == max(dataset.SIZES))
        team_id = db.session.scalar(sa.select(Team.id).where(Team.slug == team.slug))
        leader = db.session.get(User, team.people["leader"])
        data = exported(team_id)
        export_s, size = timed(streamed_size, team_id)
        import_s, rows = timed(imported, data, leader)
        export_mib = peak_mib(streamed_size, team_id)
        import_mib = peak_mib(imported, data, leader)
    print(f"Team bundle of {team.slug} ({backend(app)}): {rows:,} rows, {size / 2**20:.1f} MiB")
    print(f"  export (streamed)       {export_s:6.2f} s   peak Python heap {export_mib:6.1f} MiB")
    print(f"  import (dry run+create) {import_s:6.2f} s   peak Python heap {import_mib:6.1f} MiB")


if __name__ == "__main__":
    main()
