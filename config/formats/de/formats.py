# The month by name ("1. Dezember 2026"), never a numeric date; times in 24 hours with their
# zone (see config/formats/en/formats.py). For PDFs only: the pages are not offered in German.
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j. F Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "j. F Y"
SHORT_DATETIME_FORMAT = "j. F Y, H:i T"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
FIRST_DAY_OF_WEEK = 1
