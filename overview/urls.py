"""Pages that span the apps: the dashboard, the codebook, the map, the data package, place profiles,
mining-site and source pages, and the review queue of every app's records."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from core.pages import page_export
from overview import (
    about,
    crawlers,
    embeds,
    maps,
    package,
    place_views,
    releases,
    review_views,
    share_images,
    site_views,
    source_views,
    statistics,
    views,
)
from overview.intake import views as intake_views
from regions.api.views import MiningSiteViewSet

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", about.about, name="about"),
    path("about/veta-data.zip", package.download_package, name="data-package"),
    path("about/releases/", releases.release_list, name="release-list"),
    path("about/releases/<int:number>/<str:name>", releases.release_file, name="release-file"),
    path("map/", maps.map_page, name="map"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("map/regions.geojson", maps.region_layer, name="map-regions"),
    path("map/provinces.geojson", maps.province_layer, name="map-provinces"),
    path("regions/", place_views.region_list, name="region-list"),
    path("regions/<str:code>/", place_views.region_detail, name="region-detail"),
    path("provinces/<str:code>/", place_views.province_detail, name="province-detail"),
    path("districts/<str:code>/", place_views.district_detail, name="district-detail"),
    path("sites/", site_views.site_list, name="site-list"),
    path("sites/export/", page_export(MiningSiteViewSet, "mining-sites"), name="site-export"),
    path("sites/<int:pk>/", site_views.site_detail, name="site-detail"),
    path("sources/", source_views.source_index, name="source-index"),
    path("sources/<int:pk>/", source_views.source_detail, name="source-detail"),
    path("review/", review_views.review_queue, name="review-queue"),
    path("intake/", intake_views.intake, name="intake"),
    path("share/dashboard.png", share_images.home_image, name="share-image-home"),
    path("share/regions/<str:code>.png", share_images.region_image, name="share-image-region"),
    path("share/incidents/<int:pk>.png", share_images.incident_image, name="share-image-incident"),
    path("robots.txt", crawlers.robots_txt, name="robots-txt"),
    path("favicon.ico", crawlers.FaviconView.as_view(), name="favicon"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": crawlers.SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": crawlers.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("embed/regions/<str:code>/casualties/", embeds.region_casualty_embed, name="embed-region-casualties"),
    path(
        "embed/regions/<str:code>/casualties.<str:file_format>",
        embeds.region_casualty_chart_file,
        name="embed-region-casualties-file",
    ),
    path("embed/regions/<str:code>/map/", embeds.region_map_embed, name="embed-region-map"),
    path("embed/incidents/<int:pk>/", embeds.incident_embed, name="embed-incident"),
    path("oembed/", embeds.oembed, name="oembed"),
]
