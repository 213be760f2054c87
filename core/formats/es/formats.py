# Spanish figures as Peruvian newsrooms print them: "S/ 3.700 millones", "1.234,5".
# Everything not set here falls back to Django's Spanish formats.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
# Dates as Spanish writes them: "31 de diciembre de 2025", "mayo de 2025".
DATE_FORMAT = r"j \d\e F \d\e Y"
YEAR_MONTH_FORMAT = r"F \d\e Y"
