# English figures: "S/ 3,700 million", "1,234.5". Other formats are Django's English ones.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Dates as date_label writes them ("1 January 2026"), not Django's US default ("Jan. 1, 2026").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
