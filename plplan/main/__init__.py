from plplan.main.views import bp

__all__ = ["bp"]
