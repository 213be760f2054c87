"""The alert pages' URLs; the signed token in each is all a link needs."""

from django.urls import path

from alerts import views

urlpatterns = [
    path("alerts/follow/", views.follow, name="alert-follow"),
    path("alerts/confirm/<str:token>/", views.confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert-unsubscribe"),
    path("alerts/manage/<str:token>/", views.manage, name="alert-manage"),
]
