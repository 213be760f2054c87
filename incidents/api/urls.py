from incidents.api import views

ROUTES = [
    ("incidents", views.IncidentViewSet, "incident"),
    ("actors", views.ActorViewSet, "actor"),
    ("sources", views.SourceViewSet, "source"),
]
