"""A JSON API for the assessing body: assessments with stage, milestones and each area's summary."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from ascassure.apps.assessments import selectors
from ascassure.apps.assessments.models import Assessment, AssessmentAssignment, Milestone
from ascassure.apps.assessments.summary import summary_sections


class MilestoneSerializer(serializers.ModelSerializer):
    overridden = serializers.BooleanField(source="is_overridden")

    class Meta:
        model = Milestone
        fields = ["key", "label", "date", "end_date", "computed_date", "overridden"]


class TeamSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name")

    class Meta:
        model = AssessmentAssignment
        fields = ["name", "role"]


class AssessmentListSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name")
    ons_code = serializers.CharField(source="council.ons_code")
    stage_label = serializers.CharField(source="get_stage_display")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "council",
            "ons_code",
            "kind",
            "framework_version",
            "stage",
            "stage_label",
            "notification_date",
            "version",
        ]


class AssessmentDetailSerializer(AssessmentListSerializer):
    milestones = MilestoneSerializer(many=True)
    team = TeamSerializer(source="assignments", many=True)
    sections = serializers.SerializerMethodField(
        help_text="Each area's summary: information return progress, scores, ..."
    )

    class Meta(AssessmentListSerializer.Meta):
        fields = [*AssessmentListSerializer.Meta.fields, "milestones", "team", "sections"]

    def get_sections(self, assessment: Assessment) -> dict:
        return summary_sections(assessment)


@extend_schema(tags=["assessments"])
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessments the signed-in person may see (as on the pages)."""

    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        queryset = selectors.assessments_for_team(user=self.request.user).order_by("pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("milestones", "assignments__user")
        return queryset

    def get_serializer_class(self):
        return AssessmentDetailSerializer if self.action == "retrieve" else AssessmentListSerializer
