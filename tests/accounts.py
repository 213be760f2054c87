"""The newsroom accounts tests sign in with."""

from django.contrib.auth.models import Group, User

PASSWORD = "a long test password"


def member(username: str, group: str | None) -> User:
    """A staff account in the group of its role (editor, reviewer, admin), or in none."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    # Fetched again so that no permission cache of the creation survives.
    return User.objects.get(pk=user.pk)
