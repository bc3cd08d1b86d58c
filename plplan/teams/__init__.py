from plplan.teams.views import bp

__all__ = ["bp"]
