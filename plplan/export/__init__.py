from plplan.export.views import bp

__all__ = ["bp"]
