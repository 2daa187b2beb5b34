"""Demo data for `manage.py seed_demo`, one module per domain.

Each module exposes a `seed_…()` function that creates or updates its rows (never
duplicates them) and returns what it holds, so the next module can build on it:
`seed_accounts()` first, then the calls, applications and juries that use its people.
"""

PASSWORD = "demo-2026!"
