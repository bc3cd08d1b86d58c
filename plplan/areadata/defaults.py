"""Which seeded areas start with which kind of data (by the names in responsibilities/defaults.py).

Used for new teams (services.seed_default_modules) and by migration 0007 for existing ones.
"""

DEFAULT_MODULES: dict[str, str] = {
    "Budget management": "budget",
    "Go-to-market operations": "kpis",
    "Senior leadership and stakeholder communications": "comms",
}
