"""The signed links of alert messages: confirm, unsubscribe, manage (django.core.signing).

A link names the follower by id and by a digest of the address, never the address itself
(links end up in logs); one changed character makes it invalid. A confirmation link
expires after a week, when an unconfirmed address is forgotten anyway; unsubscribe and
manage links work as long as the alerts exist.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from alerts.models import Alert, Follower

CONFIRM_SALT = "veta.alerts.confirm"
UNSUBSCRIBE_SALT = "veta.alerts.unsubscribe"
MANAGE_SALT = "veta.alerts.manage"
CONFIRMATION_VALID_FOR = datetime.timedelta(days=7)


class BadLink(ValueError):
    """The link was changed, has expired, or its alerts are gone."""


def address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def confirm_token(follower: Follower, up_to_alert: int) -> str:
    return signing.dumps({"f": follower.pk, "d": address_digest(follower.email), "a": up_to_alert}, salt=CONFIRM_SALT)


def unsubscribe_token(alert: Alert) -> str:
    return signing.dumps({"a": alert.pk, "d": address_digest(alert.follower.email)}, salt=UNSUBSCRIBE_SALT)


def manage_token(follower: Follower) -> str:
    return signing.dumps({"f": follower.pk, "d": address_digest(follower.email)}, salt=MANAGE_SALT)


def confirm_url(follower: Follower, up_to_alert: int) -> str:
    return absolute(reverse("alert-confirm", args=[confirm_token(follower, up_to_alert)]))


def unsubscribe_url(alert: Alert) -> str:
    return absolute(reverse("alert-unsubscribe", args=[unsubscribe_token(alert)]))


def manage_url(follower: Follower) -> str:
    return absolute(reverse("alert-manage", args=[manage_token(follower)]))


def _load(token: str, salt: str, max_age: datetime.timedelta | None = None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink("expired") from None
    except signing.BadSignature:
        raise BadLink("tampered") from None
    if not isinstance(data, dict):
        raise BadLink("tampered")
    return data


def _follower(data: dict) -> Follower:
    follower = Follower.objects.filter(pk=data.get("f")).first()
    if follower is None or address_digest(follower.email) != data.get("d"):
        raise BadLink("gone")
    return follower


@dataclass(frozen=True)
class Confirmation:
    follower: Follower
    up_to_alert: int


def read_confirm(token: str) -> Confirmation:
    data = _load(token, CONFIRM_SALT, CONFIRMATION_VALID_FOR)
    return Confirmation(_follower(data), int(data.get("a", 0)))


def read_unsubscribe(token: str) -> Alert:
    data = _load(token, UNSUBSCRIBE_SALT)
    alert = Alert.objects.select_related("follower").filter(pk=data.get("a")).first()
    if alert is None or address_digest(alert.follower.email) != data.get("d"):
        raise BadLink("gone")
    return alert


def read_manage(token: str) -> Follower:
    return _follower(_load(token, MANAGE_SALT))
