"""Enforcement pages: operations and the REINFO registry."""

from django.urls import path

from enforcement import views

urlpatterns = [
    path("operations/", views.operation_list, name="operation-list"),
    path("operations/<int:pk>/", views.operation_detail, name="operation-detail"),
    path("reinfo/", views.reinfo_list, name="reinfo-list"),
]
