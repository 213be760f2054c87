"""python manage.py create_api_key USERNAME [--email E] [--rotate] — an API key for a partner.

Creates the user if missing (with no usable password: the account can use the API but
cannot log in to the admin), then the user's key. The key alone goes to standard output,
so `KEY=$(manage.py create_api_key partner)` captures it; everything else goes to
standard error. A user has at most one key: without --rotate the existing one is shown,
with --rotate it is replaced and the old key stops working at once.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction
from rest_framework.authtoken.models import Token

from core.commands import RecordedCommand


class Command(RecordedCommand):
    help = "Create (or show, or with --rotate replace) the API key of a user, creating the user if missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="The partner's user name; created if it does not exist.")
        parser.add_argument("--email", default="", help="E-mail address for a new user.")
        parser.add_argument("--rotate", action="store_true", help="Replace the user's existing key with a new one.")

    def handle(self, *args, username: str, email: str, rotate: bool, **options) -> None:
        user_model = get_user_model()
        username = self.clean_username(user_model, username)
        email = self.clean_email(email)

        with transaction.atomic():
            user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
            if user is None:
                user = user_model(**{user_model.USERNAME_FIELD: username}, email=email)
                user.set_unusable_password()
                user.save()
                self.note(f"Created user {username!r} without a password: it can use the API, not the admin.")
            elif email and email != user.email:
                self.note(f"User {username!r} already exists; its e-mail address was left unchanged.")

            token = Token.objects.filter(user=user).first()
            if token is not None and rotate:
                token.delete()
                token = None
                self.note(f"Replaced the API key of {username!r}; the old key no longer works.")
            if token is None:
                token = Token.objects.create(user=user)
                if not rotate:
                    self.note(f"Created an API key for {username!r}.")
            else:
                self.note(f"{username!r} already has this API key (--rotate replaces it).")

        if not user.is_active:
            self.note(f"Warning: {username!r} is inactive, so the key is refused until the user is reactivated.")
        if user.is_superuser:
            self.note(f"Warning: {username!r} is a superuser; this key can change every record through the API.")
        self.stdout.write(token.key)

    def clean_username(self, user_model, username: str) -> str:
        field = user_model._meta.get_field(user_model.USERNAME_FIELD)
        if not username.strip():
            raise CommandError("The username is empty.")
        try:
            field.run_validators(username)
        except ValidationError as error:
            raise CommandError(f"{username!r} is not a valid username: {' '.join(error.messages)}") from None
        return username

    def clean_email(self, email: str) -> str:
        email = email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        return email

    def note(self, message: str) -> None:
        self.stderr.write(message, style_func=str)  # information, not an error: no red
