# The month by name ("1. Dezember 2026"), never a numeric date; times in 24 hours with their
# zone (see config/formats/en/formats.py). For PDFs only: the pages are not offered in German.
# Typed day first with dots, as in Belarusian, Russian and Polish.
from config.formats.day_month_year import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j. F Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "j. F Y"
SHORT_DATETIME_FORMAT = "j. F Y, H:i T"
FIRST_DAY_OF_WEEK = 1
