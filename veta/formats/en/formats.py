# English figures: "S/ 3,700 million", "1,234.5". Other formats are Django's English ones.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
