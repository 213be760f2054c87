"""python manage.py create_user USERNAME --role editor|reviewer|admin [--email E] [--password-from-env VAR]

Creates a newsroom account that can sign in to the admin (is_staff) in the group of its
role (see `create_groups` in overview/migrations/0001_squashed_0005.py for what each may do). The password is asked
for twice on the terminal, or read from the environment variable named by
--password-from-env for scripts; it is never echoed or printed. Partners need no account
of this kind: they get an API key with `create_api_key`.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction

from core.commands import RecordedCommand

ROLES = ("editor", "reviewer", "admin")


class Command(RecordedCommand):
    help = "Create a newsroom account (editor, reviewer or admin) that can sign in to the admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="The new account's user name.")
        parser.add_argument("--role", required=True, help="editor, reviewer or admin.")
        parser.add_argument("--email", default="", help="The account's e-mail address.")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable instead of asking for it.",
        )

    def handle(self, *args, username: str, role: str, email: str, password_from_env: str | None, **options) -> None:
        if role not in ROLES:
            raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
        user_model = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("The username is empty.")
        try:
            user_model._meta.get_field(user_model.USERNAME_FIELD).run_validators(username)
        except ValidationError as error:
            raise CommandError(f"{username!r} is not a valid username: {' '.join(error.messages)}") from None
        if user_model._default_manager.filter(**{f"{user_model.USERNAME_FIELD}__iexact": username}).exists():
            raise CommandError(f"A user named {username!r} already exists; change it in the admin instead.")
        email = email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"The group {role!r} is missing; run `python manage.py migrate` first.")

        password = self.read_password(password_from_env)
        user = user_model(**{user_model.USERNAME_FIELD: username}, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stderr.write(f"Created {role} {username!r}; they can sign in at /admin/.", style_func=str)

    def read_password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return password
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("No password given.") from None
        if not password:
            raise CommandError("The password is empty.")
        if password != again:
            raise CommandError("The two passwords differ.")
        return password
