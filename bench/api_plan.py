"""The API's plan resource (fields and rows) at 200 people: median and p90 ms, queries.

The plan is bench/vision_plan.py's (50 rows, 500 revisions, 100 comments) on a team grown
to 200 people, read with a leader's read-only personal token.

Usage: .venv/bin/python bench/api_plan.py [DATABASE_URL]
"""

import sys

from harness import make_app, measure, report
from plan_page import grow_team
from vision_plan import seed

from plplan.api.auth import create_token
from plplan.extensions import db
from plplan.models import User


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    page, people = seed(app)
    grow_team(app, 200)
    with app.app_context():
        _, secret = create_token(db.session.get(User, people["leader"]), "bench", None, True, None)
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    plan = "/api/v1/teams/bench/plans/" + page.rsplit("/", 1)[1]
    rows = [measure(app, client, path, runs=50) for path in (plan, plan + "/revisions")]
    report("API plan resource, 200 people (leader's token)", rows)


if __name__ == "__main__":
    main()
