"""Hooks the incidents app offers to the apps above it."""

from django.dispatch import Signal

# Sent inside a merge's transaction, both incidents locked, before the duplicate is deleted or
# retracted: `sender` is Incident, `duplicate` and `into` the two incidents. An app whose
# rows point to incidents moves its own rows to `into` and returns `(kind, rows moved)`,
# which the merge reports with the claims, casualties, sources and actors it moved itself.
incident_merging = Signal()

# Sent while an incident's page is built: `sender` is Incident, `incident` the incident shown
# and `user` the reader. An app whose records point to incidents (enforcement's operations)
# returns `(template name, context)` for a section of the page, or None when it has nothing
# the reader may see; incidents themselves know nothing of those records.
incident_page_sections = Signal()
