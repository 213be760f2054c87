# Spanish figures as Peruvian newsrooms print them: "S/ 3.700 millones", "1.234,5".
# Everything not set here falls back to Django's Spanish formats.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
