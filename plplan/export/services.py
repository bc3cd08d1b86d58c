"""Assembling one-pagers from a team's data, and the share links that expose them."""

import contextlib
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from plplan.activity import record_activity
from plplan.areadata.numbers import team_numbers
from plplan.export import formats
from plplan.export.content import DEFAULT_SECTIONS, Fit, OnePager
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.goals.services import growth_focus
from plplan.models import OnePagerFit, Plan, ShareLink, Team, User, utcnow
from plplan.responsibilities.services import accountable_by_area
from plplan.security import hash_token, new_token
from plplan.text import slugify
from plplan.transactions import refused_as
from plplan.vision.services import latest_publication, plan_snapshot

SOURCES = {
    "published": lazy_gettext("Last published version"),
    "draft": lazy_gettext("Live draft"),
}


def build_one_pager(
    team: Team,
    plan: Plan,
    source: str = "published",
    sections: tuple[str, ...] = DEFAULT_SECTIONS,
    paper: str = "a4",
    every_area: bool = False,
) -> OnePager | None:
    """The one-pager of `plan`, or None when its published version is asked for but none exists.

    Its numbers are today's, of every area when `every_area` (members, and the share links
    leaders make), else only of the areas whose data is shown to viewers.
    """
    if source == "published":
        publication = latest_publication(plan)
        if publication is None:
            return None
        snapshot, version, stamped = (
            publication.snapshot,
            f"v{publication.version}",
            publication.published_at,
        )
    else:
        snapshot, version, stamped = plan_snapshot(plan), "Draft", utcnow()
    return OnePager(
        team_name=team.name,
        plan_name=snapshot.get("name") or plan.name,
        version_label=version,
        stamped_at=stamped,
        snapshot=snapshot,
        accountable=accountable_by_area(team) if "responsibilities" in sections else [],
        growth=growth_focus(team) if "growth" in sections else None,
        numbers=team_numbers(plan, every_area) if "numbers" in sections else None,
        sections=tuple(sections),
        paper=paper,
    )


def stored_fit(content_hash: str) -> OnePagerFit | None:
    """The fit a PDF found and stored for this content (its PDF not loaded), or None."""
    return db.session.get(OnePagerFit, content_hash)


def on_screen(one_pager: OnePager, stored: OnePagerFit | None) -> OnePager:
    """The one-pager fitted for the page and share links, never laid out on the way: as the fit
    stored for its content says, else as the estimate guesses (until a PDF stores the fit)."""
    if stored is None:
        return formats.estimated_fit(one_pager)
    return formats.fitted(one_pager, _fit(stored), stored.fits_one_page)


class _FitStored(Exception):
    """Another request stored the fit of the same content first: the same answer."""


def pdf(team_id: int, one_pager: OnePager, content_hash: str) -> bytes:
    """The one-pager's one-page PDF: the one stored for its content, else fitted (in at most
    `formats.MAX_LAYOUTS` layouts) and stored with its fit, for every worker (the caller
    commits)."""
    stored = db.session.scalar(
        sa.select(OnePagerFit.pdf).where(OnePagerFit.content_hash == content_hash)
    )
    if stored is not None:
        return stored
    fitted, fits_one_page, document = formats.fit_to_page(one_pager)
    data = formats.pdf_bytes(document)
    fit = fitted.fit
    row = OnePagerFit(
        content_hash=content_hash,
        team_id=team_id,
        density=fit.density,
        max_items=fit.max_items,
        max_chars=fit.max_chars,
        fits_one_page=fits_one_page,
        pdf=data,
    )
    with contextlib.suppress(_FitStored), refused_as(_FitStored()):
        db.session.add(row)
    return data


def _fit(stored: OnePagerFit) -> Fit:
    return Fit(stored.density, stored.max_items, stored.max_chars)


def download_name(team: Team, one_pager: OnePager, extension: str) -> str:
    """e.g. checkout-payments_checkout-2027_v3_2026-11-24.pdf (or _draft_ for the live draft)"""
    version = slugify(one_pager.version_label)
    plan = slugify(one_pager.plan_name)
    return f"{team.slug}_{plan}_{version}_{one_pager.stamped_at:%Y-%m-%d}.{extension}"


def record_export(team: Team, plan: Plan, kind: str) -> None:
    record_activity(
        team,
        "exported",
        "plan",
        f"downloaded the one-pager of {plan.name} as {kind}",
        plan.id,
        fold_within=timedelta(minutes=10),
    )


def create_share_link(
    team: Team,
    plan: Plan,
    *,
    source: str,
    sections: list[str],
    paper: str,
    days: int | None,
    label: str,
    creator: User,
) -> tuple[ShareLink, str]:
    """A new share link and its token; only the token's hash is stored."""
    token, token_hash = new_token()
    link = ShareLink(
        team_id=team.id,
        plan_id=plan.id,
        token_hash=token_hash,
        label=label.strip(),
        source=source,
        sections=list(sections),
        paper=paper,
        expires_at=utcnow() + timedelta(days=days) if days else None,
        created_by=creator,
    )
    db.session.add(link)
    db.session.flush()
    record_activity(
        team,
        "shared",
        "plan",
        f"created a share link to the {source} one-pager of {plan.name}"
        + (f" ({link.label})" if link.label else ""),
        plan.id,
        creator,
    )
    return link, token


def share_links(team: Team) -> list[tuple[ShareLink, Plan]]:
    """Every share link of the team, live ones first, with its plan, in one query."""
    return list(
        db.session.execute(
            sa.select(ShareLink, Plan)
            .join(Plan, Plan.id == ShareLink.plan_id)
            .where(ShareLink.team_id == team.id)
            .options(joinedload(ShareLink.created_by))
            .order_by(ShareLink.revoked_at.is_not(None), ShareLink.created_at.desc())
        ).tuples()
    )


def live_share_links(plan: Plan) -> int:
    """How many of the plan's share links still open it."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ShareLink)
        .where(ShareLink.plan_id == plan.id, ShareLink.live())
    )


def revoke_share_link(team: Team, link: ShareLink) -> None:
    link.revoked_at = utcnow()
    record_activity(
        team,
        "revoked",
        "share_link",
        "revoked a share link" + (f" ({link.label})" if link.label else ""),
        link.id,
    )


def live_share_link(token: str) -> ShareLink | None:
    """The link behind `token`; None when revoked, expired or unknown."""
    link = db.session.scalar(sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token)))
    return link if link is not None and link.is_live else None


def count_view(link: ShareLink) -> None:
    """One more view, counted in the database so simultaneous views are not lost."""
    db.session.execute(
        sa.update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(view_count=ShareLink.view_count + 1, last_viewed_at=utcnow())
    )
