"""Vision and strategy: plans drafted in place, with history, publishing, comments and a coach."""

from plplan.vision.views import bp

__all__ = ["bp"]
