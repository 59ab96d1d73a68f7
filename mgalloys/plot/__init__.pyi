"""The public names of mgalloys.plot, written once (what type checkers read and lazy_loader loads)."""

from .ashby import DPI as DPI
from .ashby import ashby as ashby
from .ashby import new_figure as new_figure
from .indices import INDICES as INDICES
from .indices import GuideIndex as GuideIndex
from .indices import guide_index as guide_index
from .indices import index_slope as index_slope
from .layout import FAMILY_COLOURS as FAMILY_COLOURS
from .layout import FAMILY_MARKERS as FAMILY_MARKERS
from .layout import drawable_criteria as drawable_criteria
from .temperature import vs_temperature as vs_temperature
