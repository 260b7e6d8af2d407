from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.ownership import OwnedModelViewSet
from core.exceptions import error_response
from core.pagination import EnvelopePagination
from core.serializers import model_errors_as_api_errors

from ..filtersets import RentalFilterSet
from ..models import Rental, RentalSource
from ..preview import source_preview
from ..recovery import runs_fail_interrupted
from ..selectors import latest_run_prefetch, source_runs
from ..services import (
    ScrapeAlreadyRunning,
    ScrapeQueueUnavailable,
    rental_create,
    rental_delete,
    rental_update,
    source_create,
    source_delete,
    source_scrape,
    source_update,
)
from .serializers import (
    RentalSerializer,
    RentalSourceSerializer,
    ScrapeRunSerializer,
    SourcePreviewRequestSerializer,
    SourcePreviewSerializer,
)


class RentalViewSet(OwnedModelViewSet):
    """The user's rentals, scraped or entered by hand. Every status unless `status` is given."""

    queryset = Rental.objects.all()
    serializer_class = RentalSerializer
    envelope_key = "rentals"
    filter_backends = [DjangoFilterBackend]
    filterset_class = RentalFilterSet

    def perform_create(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = rental_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = rental_update(
                user=self.request.user, rental=serializer.instance, **serializer.validated_data
            )

    def perform_destroy(self, instance):
        rental_delete(user=self.request.user, rental=instance)


_RUN_ENVELOPE = inline_serializer("ScrapeRunEnvelope", fields={"run": ScrapeRunSerializer()})
_SOURCE_CREATED = inline_serializer(
    "RentalSourceCreated", fields={"success": serializers.BooleanField(), "source": RentalSourceSerializer()}
)


@extend_schema_view(create=extend_schema(responses={201: _SOURCE_CREATED}))
class RentalSourceViewSet(OwnedModelViewSet):
    """Websites where the user's rentals are listed, and their scrapes."""

    queryset = RentalSource.objects.prefetch_related(latest_run_prefetch())
    serializer_class = RentalSourceSerializer
    envelope_key = "sources"
    filter_backends = []

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response({"success": True, "source": serializer.data}, status=status.HTTP_201_CREATED)

    def perform_create(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = source_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = source_update(
                user=self.request.user, source=serializer.instance, **serializer.validated_data
            )

    def perform_destroy(self, instance):
        source_delete(user=self.request.user, source=instance)

    @extend_schema(
        request=None,
        responses={
            202: _RUN_ENVELOPE,
            409: OpenApiResponse(description="A scrape of this source is already queued or running."),
            503: OpenApiResponse(description="The task queue is unavailable; the run is recorded as failed."),
        },
    )
    @action(detail=True, methods=["post"])
    def scrape(self, request, pk=None):
        """Queue a scrape now (with no broker configured, a thread of the web process runs it
        once the answer is sent); follow it through the source's runs."""
        source = self.get_object()
        try:
            run = source_scrape(user=request.user, source=source)
        except ScrapeAlreadyRunning as exc:
            extra = {"run": ScrapeRunSerializer(exc.run).data} if exc.run is not None else {}
            return error_response(str(exc), code="scrape_running", status_code=status.HTTP_409_CONFLICT, **extra)
        except ScrapeQueueUnavailable as exc:
            return error_response(
                str(exc),
                code="queue_unavailable",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
                run=ScrapeRunSerializer(exc.run).data,
            )
        return Response({"run": ScrapeRunSerializer(run).data}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=SourcePreviewRequestSerializer,
        responses={200: SourcePreviewSerializer, 400: OpenApiResponse(description="The address or config is refused.")},
    )
    @action(detail=False, methods=["post"])
    def preview(self, request):
        """What a source would give from its first page, saving nothing; ends within
        SCRAPER_PREVIEW_DEADLINE_SECONDS whatever the site does (then with a warning)."""
        query = SourcePreviewRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        answer = source_preview(
            website_url=query.validated_data["website_url"], scraping_config=query.validated_data["scraping_config"]
        )
        if not answer["ok"]:
            fields = {"website_url": [answer["error"]]}
            if answer["config_errors"]:
                fields = {"scraping_config": answer["config_errors"]}
            return error_response(answer["error"], code="invalid", fields=fields)
        return Response(SourcePreviewSerializer(answer).data)

    @extend_schema(responses=ScrapeRunSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        serializer_class=ScrapeRunSerializer,
        pagination_class=EnvelopePagination.for_key("runs"),
    )
    def runs(self, request, pk=None):
        """The source's runs, newest first (a run a restart interrupted reads as failed, with why)."""
        source = self.get_object()
        runs_fail_interrupted(user=request.user, source=source)
        page = self.paginate_queryset(source_runs(user=request.user, source=source))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
