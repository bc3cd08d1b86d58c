"""Mentoring goals: skills, members' goals, check-ins with mentor feedback, team growth."""

from plplan.goals.views import bp

__all__ = ["bp"]
