"""How Belarusian, Russian and Polish write dates, shared by their formats modules (not a
language of its own: Django reads only config/formats/<lang>/formats.py).

The month by name in the genitive ("E": "1 снежня 2026", "1 декабря 2026", "1 grudnia 2026"),
never a numeric date; times in 24 hours with their zone (see config/formats/en/formats.py).
Dates are typed day first with dots, as people there write them; ISO is accepted too.
"""

DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j E Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E Y, H:i T"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
FIRST_DAY_OF_WEEK = 1
