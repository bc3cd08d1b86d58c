"""Personal API tokens: making, revoking and reading them, and the guard every API view uses.

A token is `plp_` and 43 random characters; only its SHA-256 is stored. A request under
/api/v1 is someone only through `Authorization: Bearer plp_...`: the web session cookie is
never read there (`authenticate` sets the request's user before Flask-Login could load it),
so a page on another site cannot use a signed-in browser against the API, and the API needs
no CSRF token. The person's membership then comes from `plplan.authz.load_membership`, the
web's own code path: a token never does more than its person could.
"""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, request
from flask_login import AnonymousUserMixin
from flask_smorest import abort

from plplan.api.paging import LinkedBlueprint
from plplan.authz import Capability, load_membership
from plplan.extensions import csrf, db, limiter
from plplan.models import ApiToken, Membership, Team, User, utcnow
from plplan.security import hash_token

PREFIX = "plp_"
LAST_USED_EVERY = timedelta(minutes=1)  # at most one write per token and minute
READS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER = {"bearer": {"type": "http", "scheme": "bearer"}}


# -- making and revoking (the profile page) --------------------------------------------------


def create_token(
    user: User, name: str, team: Team | None, read_only: bool, expires_at: datetime | None
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is shown once and never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(secret),
        hint=secret[:10],
        team_id=team.id if team else None,
        read_only=read_only,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens, live and revoked, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when there is no such live token."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount == 1


# -- reading a request's token -----------------------------------------------------------------


def current_token() -> ApiToken | None:
    """The live token the request carries, or None; looked up once per request."""
    if "api_token" not in g:
        g.api_token = _token_from_header()
    return g.api_token


def _token_from_header() -> ApiToken | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX):
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    return token if token is not None and token.is_live(utcnow()) else None


def _note_use(token: ApiToken) -> None:
    """Stamp "last used", at most once a minute: one conditional UPDATE, committed at once."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    db.session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.id == token.id,
            sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_EVERY),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def authenticate() -> None:
    """Before every API view: the token's person is the request's user, or refuse.

    :raise 401: no live token.  :raise 403: a read-only token asked to change something.
    """
    token = current_token()
    g._login_user = token.user if token else AnonymousUserMixin()  # never the session's
    if token is None:
        abort(401, headers={"WWW-Authenticate": 'Bearer realm="plplan"'})
    if token.read_only and request.method not in READS:
        abort(403)
    _note_use(token)


def rate_key() -> str:
    """Requests are counted per token (per address before one is known)."""
    token = current_token()
    return f"api-token:{token.id}" if token else f"api-ip:{request.remote_addr}"


def api_blueprint(name: str, import_name: str, description: str) -> LinkedBlueprint:
    """A resource group's blueprint: token auth, no CSRF (no cookie counts), rate limited."""
    blp = LinkedBlueprint(name, import_name, url_prefix="/api/v1", description=description)
    blp.before_request(authenticate)
    csrf.exempt(blp)
    limiter.limit(lambda: current_app.config["API_TOKEN_LIMIT"], key_func=rate_key)(blp)
    return blp


# -- what the token may reach ------------------------------------------------------------------


def team_membership(slug: str, capability: Capability = Capability.READ) -> Membership:
    """The token's person's membership of team `slug`, through the web's own check.

    A team outside the token's scope is as absent as a team the person is not in (404).
    """
    token = current_token()
    if token.team_id is not None and (token.team is None or token.team.slug != slug):
        abort(404)
    return load_membership(slug, capability)


def scoped_teams():
    """SQL condition on Membership: the teams the token reaches."""
    token = current_token()
    condition = Membership.user_id == token.user_id
    if token.team_id is not None:
        condition = sa.and_(condition, Membership.team_id == token.team_id)
    return condition
