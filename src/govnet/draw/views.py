"""The view registry: a view is a name and a builder that turns the model into drawings. A new view (the zone
view) is one more builder with the same signature, registered here."""

from __future__ import annotations

from govnet.draw.city import city_view
from govnet.draw.compose import ViewBuilder, ViewOptions
from govnet.draw.county import county_view
from govnet.draw.network import Facts, facts
from govnet.draw.province import province_view
from govnet.draw.scene import Drawing
from govnet.draw.zone import zone_view
from govnet.gcpause import gc_paused
from govnet.model.types import Model

VIEWS: dict[str, ViewBuilder] = {
    "province": province_view,
    "city": city_view,
    "county": county_view,
    "zone": zone_view,
}


def build_drawings(model: Model, view: str, options: ViewOptions, known: Facts | None = None) -> list[Drawing]:
    """The drawings of one view (the province: one; the city view: one per city, or the one asked for);
    ``known``: facts(model), when the caller draws several views. Raises KeyError for an unknown view and
    compose.UnknownSubject for an unknown city."""
    # Paused collector: a county view makes ~100,000 small objects that all live on, and each young collection it
    # set off walked the whole model (0.4 of the 0.5 CPU s of the county views, library callers).
    with gc_paused():
        return VIEWS[view](model, known or facts(model), options)
