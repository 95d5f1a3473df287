"""The annotated page's layers, stylesheet, script and template (the last three in ``data/page.*``).

The script reads only the page's own data attributes and writes with ``textContent``,
so no article text ever passes through it as markup.  It finds its own elements by
their ``sca:`` ids, which no record's element id can equal (see ``html``).
"""

from .._load import bundled_bytes

#: The layers, in legend order: (layer, legend label, background colour, underline colour).
LAYERS: tuple[tuple[str, str, str, str], ...] = (
    ("person", "Person", "#cfe3ff", "#3b6fc4"),
    ("organization", "Organization", "#d2f0d2", "#3c8c3c"),
    ("place", "Place", "#ffdcb0", "#c46f1b"),
    ("program", "Program", "#e8d6ff", "#7a4cc2"),
    ("referent", "Other referent (a group, the changes)", "#f3e0d8", "#9a5b43"),
    ("quote", "Quotation (linked to its speaker)", "#fff3a8", "#b89600"),
    ("quantity", "Number", "#ffd3dc", "#c0395a"),
    ("time", "Time expression", "#c4efec", "#23867e"),
    ("speech", "Reported speech", "#efefef", "#7d7d7d"),
    ("reform", "Reform", "#e4f7c8", "#5f9a12"),
    ("stance", "Stance holder (a reading)", "#e3e8ee", "#3d5a80"),
    ("event", "Event (its verb)", "#ece3d0", "#7a5c1e"),
)


def _layer_rules() -> str:
    return "".join(
        f".ann-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
        f".ann .ann-{layer}{{box-shadow:inset 0 -2px 0 {underline},0 0 0 1px {underline}}}\n"
        f".hide-{layer} .ann-{layer}{{background:transparent;box-shadow:none}}\n"
        f".swatch-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
        for layer, _label, background, underline in LAYERS
    )


STYLE = bundled_bytes("page.css").decode("utf-8") + _layer_rules()
SCRIPT = bundled_bytes("page.js").decode("utf-8")
#: The page, filled by ``to_html`` (every value escaped there).
PAGE_TEMPLATE = bundled_bytes("page.html").decode("utf-8")
