"""/api/v1/stats/: aggregate figures (filled in by the stats endpoints)."""

urlpatterns: list = []
