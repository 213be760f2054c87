"""The API side of moderation: moves and proposed revisions of incidents, operations and sites.

- POST /api/v1/<records>/{id}/transition/ makes a move of `core.moderation`;
- an editor's PUT or PATCH of a public record answers 202 with the proposed revision it
  opened or amended (`core.revisions`), the record unchanged;
- /api/v1/revisions/ lists the proposals (reviewers: all they may decide; editors: their
  own), and /api/v1/revisions/{id}/accept/ and /return/ decide them.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core import moderation, revisions
from core.api.filters import StrictFilterBackend
from core.api.pagination import KeysetPagination
from core.api.views import both_directions
from core.choices import ModerationStatus, RevisionStatus
from core.models import Revision


class TransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=moderation.ACTIONS,
        help_text="submit (draft → in_review), return_to_draft (in_review → draft), publish (in_review → "
        "published), retract (published → retracted, needs `reason`), republish (retracted → published), "
        "reopen (retracted → draft). Mining sites cannot be retracted.",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="The public reason for a retraction; required to retract."
    )


class TransitionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ModerationStatus.choices)
    published_at = serializers.DateTimeField(allow_null=True, required=False)
    retraction_reason = serializers.CharField(required=False)
    allowed_actions = serializers.ListField(child=serializers.CharField(), help_text="What the caller may do next.")


class TransitionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=ModerationStatus.choices, required=False, allow_null=True)


def transition_result(obj, user) -> dict:
    data = {"id": obj.pk, "status": obj.status}
    for name in ("published_at", "retraction_reason"):
        if hasattr(obj, name):
            data[name] = getattr(obj, name)
    data["allowed_actions"] = [move.action for move in moderation.allowed_actions(obj, user)]
    return TransitionResultSerializer(data).data


# Proposed revisions ------------------------------------------------------------------------------


class RevisionChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="What changes: a field, or a row of claims, casualties... and its field.")
    published = serializers.CharField(help_text="The value the public sees now (as shown on the pages).")
    proposed = serializers.CharField(help_text="The value proposed.")


class RevisionRecordSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='The kind of record: "incidents.incident", "regions.miningsite"...')
    id = serializers.IntegerField()
    url = serializers.CharField(allow_null=True, help_text="The record in the API.")


class RevisionSerializer(serializers.ModelSerializer):
    """A proposed revision: the record, the proposed values, and the difference to the published ones."""

    url = serializers.HyperlinkedIdentityField(view_name="api:revision-detail")
    record = serializers.SerializerMethodField()
    differences = serializers.SerializerMethodField()
    changes = serializers.JSONField(
        read_only=True,
        help_text='The proposed values: {"fields": {name: value}, "children": {"claims": {"add": [...], '
        '"change": {"<id>": {...}}, "delete": [ids]}}}.',
    )
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Revision
        fields = ["id", "url", "record", "status", "changes", "differences", "note", "proposed_by", "proposed_at",
                  "reviewed_by", "reviewed_at", "return_reason", "public_note"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(RevisionRecordSerializer)
    def get_record(self, revision: Revision) -> dict:
        reviser = revisions.REVISERS.get(revision.model_label)
        url = None
        if reviser is not None and reviser.api_detail:
            request = self.context.get("request")
            try:
                url = reverse(reviser.api_detail, args=[revision.object_id])
            except NoReverseMatch:
                url = None
            if url is not None and request is not None:
                url = request.build_absolute_uri(url)
        return {"type": revision.model_label, "id": revision.object_id, "url": url}

    @extend_schema_field(RevisionChangeSerializer(many=True))
    def get_differences(self, revision: Revision) -> list[dict]:
        return [
            {"field": change.field, "published": change.published, "proposed": change.proposed}
            for change in revisions.describe(revision)
        ]


class RevisionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=RevisionStatus.choices, required=False, allow_null=True)


class AcceptRequestSerializer(serializers.Serializer):
    public_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="A public correction note for the record's corrections log; when figures change and none is "
        "given, a standard note is shown.",
    )


class ReturnRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the revision is returned; shown to its editor.")


class RevisionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RevisionStatus.choices)
    model = django_filters.ChoiceFilter(
        field_name="model_label",
        choices=lambda: [(label, label) for label in sorted(revisions.REVISERS)],
        help_text="The kind of record.",
    )
    record = django_filters.NumberFilter(field_name="object_id", help_text="The record's id.")

    class Meta:
        model = Revision
        fields = ["status", "model", "record"]


class ProposesOrReviews(permissions.BasePermission):
    """Reviewers, and editors of records that go through review."""

    def has_permission(self, request: Request, view) -> bool:
        return revisions.may_propose_or_review(request.user)


def revision_refused(error: Exception) -> Response:
    if isinstance(error, revisions.RevisionInvalid):
        return Response({"detail": error.message, "errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(error, moderation.MissingReason):
        return Response({"reason": [error.message]}, status=status.HTTP_400_BAD_REQUEST)
    return Response(
        {"detail": error.message, "status": getattr(error, "current_status", None)}, status=status.HTTP_409_CONFLICT
    )


class RevisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposed revisions of published records: reviewers see all they may decide, editors their own."""

    serializer_class = RevisionSerializer
    permission_classes = [ProposesOrReviews]
    filter_backends = [StrictFilterBackend]
    filterset_class = RevisionFilterSet
    pagination_class = KeysetPagination
    ordering_fields = both_directions("id", "proposed_at")
    default_ordering = "id"
    queryset = Revision.objects.all()

    def get_queryset(self):
        return revisions.visible_revisions(self.request.user)

    @extend_schema(
        summary="Accept the revision: it goes live",
        description="Writes the proposed values to the record in one transaction (claims through the claim "
        "services, so the figures are derived again), with history naming the reviewer; when figures change a "
        "public correction note goes into the record's corrections log. Reviewers (the publish permission of "
        "the record's kind) only.",
        request=AcceptRequestSerializer,
        responses={
            200: RevisionSerializer,
            400: OpenApiResponse(description="The values no longer fit the record: `errors` names each field."),
            403: OpenApiResponse(RevisionErrorSerializer, description="Not a reviewer of this kind of record."),
            404: OpenApiResponse(RevisionErrorSerializer, description="No such revision visible to the caller."),
            409: OpenApiResponse(RevisionErrorSerializer, description="No longer proposed; `status` says what it is."),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        revision = self.get_object()
        form = AcceptRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            revisions.accept(revision, request.user, form.validated_data.get("public_note", ""))
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except revisions.RevisionError as error:
            return revision_refused(error)
        return Response(self.get_serializer(revision).data)

    @extend_schema(
        summary="Return the revision to its editor with a reason",
        description="The record stays as published; the editor reads the reason here and in the admin.",
        request=ReturnRequestSerializer,
        responses={
            200: RevisionSerializer,
            400: OpenApiResponse(description="No reason given."),
            403: OpenApiResponse(RevisionErrorSerializer, description="Not a reviewer of this kind of record."),
            404: OpenApiResponse(RevisionErrorSerializer, description="No such revision visible to the caller."),
            409: OpenApiResponse(RevisionErrorSerializer, description="No longer proposed; `status` says what it is."),
        },
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk=None) -> Response:
        revision = self.get_object()
        form = ReturnRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            revisions.return_revision(revision, request.user, form.validated_data["reason"])
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except (revisions.RevisionError, moderation.MissingReason) as error:
            return revision_refused(error)
        return Response(self.get_serializer(revision).data)


# Moves and proposals on the records' own viewsets ---------------------------------------------------


class ModerationActionMixin:
    """Adds `transition`, the moves of core.moderation, to a viewset of moderated records, and proposals.

    An editor's PUT or PATCH of a public record is validated as usual, then kept as a
    proposed revision (202) instead of being written.
    """

    revision_response = RevisionSerializer

    def update(self, request: Request, *args, **kwargs) -> Response:
        with transaction.atomic():
            instance = self.get_object()
            if not revisions.needs_review(instance, request.user):
                return super().update(request, *args, **kwargs)
            refused = self.precondition_failed(request, instance)
            if refused is not None:
                return refused
            model = type(instance)
            serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
            serializer.is_valid(raise_exception=True)
            names = {field.name for field in revisions.reviser_for(model).fields()}
            fields = {name: value for name, value in serializer.validated_data.items() if name in names}
            try:
                revision = revisions.propose(instance, request.user, fields)
            except revisions.RevisionInvalid as error:
                return revision_refused(error)
        if revision is None:
            # Nothing differs from the published record: it is answered as it is.
            return Response(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data)
        body = RevisionSerializer(revision, context=self.get_serializer_context()).data
        location = reverse("api:revision-detail", args=[revision.pk])
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(
        summary="Move the record to another editorial state",
        description="Submits, publishes, retracts... the record, as one compare-and-swap: a move from a state "
        "the record is no longer in is refused with 409 and the current state. Submitting and returning to "
        "draft need the change permission; publishing, retracting and republishing the reviewer's publish "
        "permission.",
        request=TransitionRequestSerializer,
        responses={
            200: TransitionResultSerializer,
            400: OpenApiResponse(
                description="Unknown action or no retraction reason: the body names each refused field."
            ),
            403: OpenApiResponse(TransitionErrorSerializer, description="Not signed in, or no permission."),
            404: OpenApiResponse(TransitionErrorSerializer, description="No such record visible to the caller."),
            409: OpenApiResponse(
                TransitionErrorSerializer,
                description="The record is not in the state the move starts from; `status` gives its current state.",
            ),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def transition(self, request: Request, pk=None) -> Response:
        obj = self.get_object()
        form = TransitionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            moderation.transition(
                obj, form.validated_data["action"], request.user, reason=form.validated_data.get("reason")
            )
        except moderation.UnknownAction as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        except moderation.MissingReason as error:
            return Response({"reason": [error.message]}, status=status.HTTP_400_BAD_REQUEST)
        except moderation.StateConflict as error:
            return Response({"detail": error.message, "status": error.current_status}, status=status.HTTP_409_CONFLICT)
        return Response(transition_result(obj, request.user))
