"""Alert pages: follow a place or filter, confirm, unsubscribe (one click, RFC 8058) and manage.

No page shows an e-mail address: the manage page is reached only from a signed link in a
message, and the answer to a sign-up is the same whether the address was known or not.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import services
from alerts.choices import Frequency
from alerts.filters import FilterProblem, clean_query, describe
from alerts.links import BadLink, manage_token, read_confirm, read_manage, read_unsubscribe, unsubscribe_token
from alerts.models import Alert, Follower
from core.security import client_ip

LINK_PROBLEMS = {
    "expired": gettext_lazy(
        "This confirmation link has expired: confirmation links work for a week. Follow the place again."
    ),
    "tampered": gettext_lazy(
        "This link is damaged: it does not match any link Veta sent. Copy the whole link from the message."
    ),
    "gone": gettext_lazy(
        "These alerts no longer exist: they were unsubscribed, or forgotten after a week unconfirmed."
    ),
}


def link_problem(request: HttpRequest, problem: BadLink) -> HttpResponse:
    message = LINK_PROBLEMS.get(str(problem), LINK_PROBLEMS["tampered"])
    return render(
        request, "alerts/link_problem.html", {"message": message}, status=400 if str(problem) != "gone" else 404
    )


def _form_context(request: HttpRequest, filters: str, **extra) -> dict:
    return {
        "filters": filters,
        "description": describe(filters),
        "languages": settings.LANGUAGES,
        "frequencies": Frequency.choices,
        "language": extra.pop("language", None) or (get_language() or "en")[:2],
        "frequency": extra.pop("frequency", None) or Frequency.IMMEDIATE,
        "email": extra.pop("email", ""),
        "enabled": alerts_available(),
        **extra,
    }


def alerts_available() -> bool:
    """Sign-ups are open with an SMTP server, and on a development server (messages on the console)."""
    return settings.ALERTS_ENABLED or settings.DEBUG


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """/alerts/follow/?region=13…: the form to follow the incidents these filters match."""
    if request.method == "GET":
        try:
            filters = clean_query(request.GET)
        except FilterProblem as problem:
            return render(request, "alerts/link_problem.html", {"message": str(problem)}, status=400)
        return render(request, "alerts/follow.html", _form_context(request, filters))

    posted = request.POST
    filters = posted.get("filters", "")
    try:
        if not alerts_available():
            raise services.FollowRefused(_("E-mail alerts are not available on this server."), status=503)
        result = services.follow(
            posted.get("email", ""),
            QueryDict(filters),
            posted.get("language", ""),
            posted.get("frequency", ""),
            client_ip(request),
        )
    except services.FollowRefused as refused:
        if refused.field == "filters":  # no form: it would follow other filters than the reader chose
            return render(request, "alerts/link_problem.html", {"message": str(refused)}, status=400)
        try:
            shown_filters = clean_query(QueryDict(filters))
        except FilterProblem:
            shown_filters = ""
        context = _form_context(
            request,
            shown_filters,
            email=posted.get("email", "")[:254],
            language=posted.get("language"),
            frequency=posted.get("frequency"),
            error=str(refused),
            error_field=refused.field,
        )
        return render(request, "alerts/follow.html", context, status=refused.status)
    except OSError:  # the mail server refused or could not be reached: the follow waits for send_alerts
        return render(
            request,
            "alerts/follow_done.html",
            {"description": describe(result_filters(filters)), "delayed": True},
            status=202,
        )
    return render(request, "alerts/follow_done.html", {"description": describe(result.alert.query), "delayed": False})


def result_filters(filters: str) -> str:
    try:
        return clean_query(QueryDict(filters))
    except FilterProblem:
        return ""


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a confirmation message: a button (mail scanners follow links, people press buttons)."""
    try:
        confirmation = read_confirm(token)
    except BadLink as problem:
        return link_problem(request, problem)
    follower = confirmation.follower
    pending = list(follower.alerts.filter(confirmed_at__isnull=True, pk__lte=confirmation.up_to_alert).order_by("pk"))
    if request.method == "POST":
        confirmed = services.confirm(follower, confirmation.up_to_alert)
        return render(
            request,
            "alerts/confirmed.html",
            {"alerts": [_alert_row(alert) for alert in confirmed], "manage_token": manage_token(follower)},
        )
    context = {"alerts": [_alert_row(alert) for alert in pending], "token": token}
    return render(request, "alerts/confirm.html", context)


def _alert_row(alert: Alert) -> dict:
    return {
        "pk": alert.pk,
        "description": describe(alert.query),
        "frequency": alert.frequency,
        "frequency_label": alert.get_frequency_display(),
        "language": alert.language,
        "language_label": alert.get_language_display(),
        "confirmed": alert.confirmed_at is not None,
        "unsubscribe_token": unsubscribe_token(alert),
    }


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without a form of ours
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: a POST unsubscribes; a GET (the link in the message) asks with a button."""
    try:
        alert = read_unsubscribe(token)
    except BadLink as problem:
        if request.method == "POST" and str(problem) == "gone":
            # Already unsubscribed: a second click (or the provider's POST after the reader's) is done too.
            return render(request, "alerts/unsubscribed.html", {"description": ""})
        return link_problem(request, problem)
    description = describe(alert.query)
    if request.method == "POST":
        services.unsubscribe(alert)
        return render(request, "alerts/unsubscribed.html", {"description": description})
    return render(request, "alerts/unsubscribe.html", {"description": description, "token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Every alert of the address the link was sent to: change language or frequency, unsubscribe one or all."""
    try:
        follower = read_manage(token)
    except BadLink as problem:
        return link_problem(request, problem)
    notice = error = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe_all":
            services.unsubscribe_all(follower)
            return render(request, "alerts/unsubscribed.html", {"description": "", "all": True})
        chosen = request.POST.get("alert", "")
        alert = follower.alerts.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 19 else None
        if alert is None:
            error = _("Choose one of the alerts listed.")
        elif action == "unsubscribe":
            services.unsubscribe(alert)
            if not Follower.objects.filter(pk=follower.pk).exists():
                return render(request, "alerts/unsubscribed.html", {"description": describe(alert.query), "all": True})
            notice = _("Unsubscribed from “%(alert)s”.") % {"alert": describe(alert.query)}
        elif action == "change":
            try:
                services.change_alert(alert, request.POST.get("language", ""), request.POST.get("frequency", ""))
                notice = _("Saved.")
            except services.FollowRefused as refused:
                error = str(refused)
        else:
            error = _("Unknown action.")
    alerts = [_alert_row(alert) for alert in follower.alerts.order_by("pk")]
    context = {
        "alerts": alerts,
        "languages": settings.LANGUAGES,
        "frequencies": Frequency.choices,
        "notice": notice,
        "error": error,
        "token": token,
    }
    return render(request, "alerts/manage.html", context, status=400 if error else 200)
