"""The API side of moderation: POST /api/v1/<records>/{id}/transition/ on incidents, operations and sites."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core import moderation
from core.choices import ModerationStatus


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


class ModerationActionMixin:
    """Adds `transition`, the moves of core.moderation, to a viewset of moderated records."""

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
