# Year first, the month by name in the genitive ("2026 m. gruodžio 1 d."), never a numeric
# date; times in 24 hours with their zone (see config/formats/en/formats.py). Dates are typed
# as ISO, year first, as Lithuanians write them.
DATE_FORMAT = r"Y \m. E j \d."
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = r"Y \m. E j \d., H:i T"
YEAR_MONTH_FORMAT = r"Y \m. F"
MONTH_DAY_FORMAT = r"E j \d."
SHORT_DATE_FORMAT = r"Y \m. E j \d."
SHORT_DATETIME_FORMAT = r"Y \m. E j \d., H:i T"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
