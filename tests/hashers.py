"""A password hasher for the tests: Django's PBKDF2 with one iteration instead of a million.

Each account a test makes, and each sign-in, would otherwise spend a third of a second on
purpose. The hashes keep the `pbkdf2_sha256$<iterations>$...` form, so a server started
with Veta's own settings (gunicorn in the reliability tests) still verifies them.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneIterationPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
