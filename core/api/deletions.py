"""/api/v1/deletions/: ids of public records that were deleted or unpublished since a time.

Mirrors of Veta fetch changed records with `updated_since` on each list endpoint; this
endpoint tells them which records to drop. It only reveals ids of records that were
once public, so anyone may read it.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import in_utc
from core.tombstones import API_NAMES, MAX_TOMBSTONES, TRACKED_MODELS, sync_horizon, tombstones_since

KNOWN_PARAMETERS = {"since", "model", "format"}


class DeletionsQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        error_messages={
            "invalid": "Give an ISO 8601 date and time, e.g. 2026-01-01T00:00:00Z "
            "(write a '+' in an offset as %2B in the URL).",
            "required": "Required: the ISO 8601 date and time to list removals from.",
        }
    )
    model = serializers.ChoiceField(choices=sorted(TRACKED_MODELS), required=False)

    def validate_since(self, value: datetime.datetime) -> datetime.datetime:
        try:
            return in_utc(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


DELETIONS_RESPONSE = {
    "type": "object",
    "required": ["since", "generated_at", "truncated", "results"],
    "properties": {
        "since": {"type": "string", "format": "date-time", "description": "The `since` asked for."},
        "model": {"type": "string", "nullable": True, "enum": sorted(TRACKED_MODELS)},
        "generated_at": {
            "type": "string",
            "format": "date-time",
            "description": "Pass this as `since` next time: it is now, or the start of the oldest transaction "
            "still open, so no removal being committed meanwhile is missed.",
        },
        "truncated": {
            "type": "boolean",
            "description": f"More than {MAX_TOMBSTONES:,} removals matched; ask again with `since` set to the "
            "last `removed_at` listed.",
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["model", "id", "removed_at", "reason"],
                "properties": {
                    "model": {"type": "string", "enum": sorted(TRACKED_MODELS)},
                    "id": {"type": "string", "description": "The record's id, as a string."},
                    "removed_at": {"type": "string", "format": "date-time"},
                    "reason": {"type": "string", "enum": ["deleted", "unpublished"]},
                },
            },
        },
    },
}


class DeletionsView(APIView):
    """Records that stopped being public: deleted, or unpublished (retracted, sent back to review)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="deletions_list",
        summary="Records deleted or unpublished since a time",
        description=(
            "Ids of incidents, enforcement operations and mining sites that were public and have been deleted "
            "or unpublished at or after `since`, oldest first, at most "
            f"{MAX_TOMBSTONES:,} at a time (`truncated` says when there were more). Records that were never "
            "published are not listed. An id may be listed more than once (unpublished, re-published, deleted): "
            "apply these removals first, then the records the list endpoints give for `updated_since`. "
            "Bulk deletions and updates are recorded by the database itself."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description="ISO 8601 date and time; removals at or after it are listed. Without an offset it is "
                "read as Lima time.",
            ),
            OpenApiParameter("model", str, enum=sorted(TRACKED_MODELS), description="Only this kind of record."),
        ],
        responses={
            200: OpenApiResponse(
                response=DELETIONS_RESPONSE,
                examples=[
                    OpenApiExample(
                        "Two removals",
                        value={
                            "since": "2026-01-01T00:00:00Z",
                            "model": None,
                            "generated_at": "2026-02-01T12:00:00Z",
                            "truncated": False,
                            "results": [
                                {
                                    "model": "incident",
                                    "id": "12",
                                    "removed_at": "2026-01-05T14:02:11Z",
                                    "reason": "deleted",
                                },
                                {
                                    "model": "mining_site",
                                    "id": "3",
                                    "removed_at": "2026-01-09T09:30:00Z",
                                    "reason": "unpublished",
                                },
                            ],
                        },
                    )
                ],
            ),
            400: OpenApiResponse(description="`since` missing or malformed, unknown `model` or parameter."),
        },
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - KNOWN_PARAMETERS)
        if unknown:
            known = ", ".join(sorted(KNOWN_PARAMETERS))
            raise exceptions.ValidationError(
                {name: [f"Unknown parameter; known ones are: {known}."] for name in unknown}
            )
        if not request.query_params.get("since", "").isascii():
            raise exceptions.ValidationError({"since": ["Write the date and time with the digits 0 to 9 only."]})
        query = DeletionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        since, model = query.validated_data["since"], query.validated_data.get("model")

        generated_at = sync_horizon()  # before reading, so nothing committed meanwhile slips through
        rows = list(
            tombstones_since(since, model).values_list("model_label", "object_id", "removed_at", "reason")[
                : MAX_TOMBSTONES + 1
            ]
        )
        truncated = len(rows) > MAX_TOMBSTONES
        # In UTC: a date far back in Lima's local time has an offset in seconds (LMT, -05:08:12),
        # which is not an RFC 3339 date-time.
        field = serializers.DateTimeField(default_timezone=datetime.UTC)
        return Response(
            {
                "since": field.to_representation(since),
                "model": model,
                "generated_at": field.to_representation(generated_at),
                "truncated": truncated,
                "results": [
                    {
                        "model": API_NAMES[label],
                        "id": object_id,
                        "removed_at": field.to_representation(removed_at),
                        "reason": reason,
                    }
                    for label, object_id, removed_at, reason in rows[:MAX_TOMBSTONES]
                ],
            }
        )


urlpatterns = [path("", DeletionsView.as_view(), name="deletions")]
