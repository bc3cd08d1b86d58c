from plplan.auth.views import bp

__all__ = ["bp"]
