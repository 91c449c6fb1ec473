"""The form of a region's table, created from the region's page."""

from django import forms

from meetings.forms import TableForm
from meetings.models import Table


class RegionTableForm(TableForm):
    """A region's table is strategic and belongs to the region, not to a territory: the form
    asks for the rest (name, address, description, notice, quorum, public calendar)."""

    class Meta(TableForm.Meta):
        fields = [
            "name",
            "slug",
            "description",
            "notice_days",
            "quorum_kind",
            "quorum_value",
            "publishes_calendar",
        ]

    def __init__(self, *args, region, **kwargs):
        # Not TableForm's: it offers territories and the tables a tactical one feeds.
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.instance.region = region
        self.instance.territory = None
        self.instance.kind = Table.Kind.STRATEGIC
