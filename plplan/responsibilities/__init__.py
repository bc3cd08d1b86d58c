from plplan.responsibilities.views import bp

__all__ = ["bp"]
