from django.contrib.syndication.views import Feed


class IncidentFeed(Feed):
    title = link = description = "placeholder"

    def items(self):
        return []


class RegionIncidentFeed(IncidentFeed):
    def get_object(self, request, code):
        return code
