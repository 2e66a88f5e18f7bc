# Day, month by name in the genitive, year: config/formats/day_month_year.py.
from config.formats.day_month_year import *  # noqa: F403
