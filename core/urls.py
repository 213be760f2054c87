"""The API's documentation pages: Swagger UI and Redoc over the schema at /api/v1/schema/."""

from django.urls import path

from core.api.docs import RedocDocsView, SwaggerDocsView

urlpatterns = [
    path("api/docs/", SwaggerDocsView.as_view(), name="api-docs"),
    path("api/redoc/", RedocDocsView.as_view(), name="api-redoc"),
]
