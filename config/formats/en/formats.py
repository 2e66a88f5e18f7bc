# Dates that no reader misreads: the month by name ("1 December 2026"), never 12/1 or 1/12.
# Times in 24 hours with their zone ("14:05 CEST"): pages show the office's zone
# (Office.time_zone), so the zone is part of every time shown. Typed dates: ISO, year first.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j F Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
FIRST_DAY_OF_WEEK = 1
