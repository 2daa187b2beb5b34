"""Dates in Arabic as Moroccan institutions write them: day, month, year, 24-hour time.
(Django's Arabic locale has no date-and-time format and falls back to the American one.)"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

# Amounts grouped by thousands (100 000 درهم), as in the certificates.
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
