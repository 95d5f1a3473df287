"""The annotated page's inline stylesheet and script (kept apart so ``_html`` stays readable).

The script reads only the page's own data attributes and writes with ``textContent``,
so no article text ever passes through it as markup.  It finds its own elements by
their ``sca:`` ids, which no record's element id can equal (see ``_html``).
"""

#: The layers, in legend order: (layer, legend label, background colour, underline colour).
LAYERS: tuple[tuple[str, str, str, str], ...] = (
    ("person", "Person", "#cfe3ff", "#3b6fc4"),
    ("organization", "Organization", "#d2f0d2", "#3c8c3c"),
    ("place", "Place", "#ffdcb0", "#c46f1b"),
    ("program", "Program", "#e8d6ff", "#7a4cc2"),
    ("quote", "Quotation (linked to its speaker)", "#fff3a8", "#b89600"),
    ("quantity", "Number", "#ffd3dc", "#c0395a"),
    ("time", "Time expression", "#c4efec", "#23867e"),
    ("speech", "Reported speech", "#efefef", "#7d7d7d"),
    ("reform", "Reform", "#e4f7c8", "#5f9a12"),
    ("stance", "Stance holder (a reading)", "#e3e8ee", "#3d5a80"),
    ("event", "Event (its verb)", "#ece3d0", "#7a5c1e"),
)


def _layer_rules() -> str:
    rules = []
    for layer, _label, background, underline in LAYERS:
        rules.append(
            f".ann-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
            f".ann .ann-{layer}{{box-shadow:inset 0 -2px 0 {underline},0 0 0 1px {underline}}}\n"
            f".hide-{layer} .ann-{layer}{{background:transparent;box-shadow:none}}\n"
            f".swatch-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
        )
    return "".join(rules)


STYLE = """
:root{--ink:#1d1d1f;--muted:#6b6b70;--page:#ffffff;--rule:#dedee3}
*{box-sizing:border-box}
body{margin:0;background:var(--page);color:var(--ink);
font:17px/1.6 Georgia,"Times New Roman",serif}
.layout{display:flex;gap:2rem;align-items:flex-start;max-width:72rem;margin:0 auto;padding:1.5rem}
main{flex:1 1 40rem;min-width:0}
aside{flex:0 0 19rem;position:sticky;top:1rem;font:14px/1.45 system-ui,sans-serif}
aside section{border:1px solid var(--rule);border-radius:8px;padding:.6rem .9rem;margin-bottom:1rem}
h2{font:600 15px/1.3 system-ui,sans-serif;margin:.2rem 0 .5rem}
.masthead{font:700 1.1rem/1.2 "Old English Text MT",Georgia,serif;margin:0;color:var(--muted)}
h1.headline{font-size:2rem;line-height:1.2;margin:.4rem 0}
.dateline,.author-bio{font:14px/1.5 system-ui,sans-serif;color:var(--muted)}
.author-bio{border-top:1px solid var(--rule);padding-top:.6rem;font-style:italic}
.paragraph{margin:0 0 1rem}
.ann{border-radius:3px;padding:0 1px;cursor:pointer;color:inherit;text-decoration:none}
.ann .ann{padding:0}
.ann:focus{outline:2px solid #333}
.ann.selected{outline:2px solid #d0021b;outline-offset:1px}
.legend ul{list-style:none;margin:0;padding:0}
.legend li{margin:.15rem 0}
.swatch{display:inline-block;padding:0 .35rem;border-radius:3px}
.hint{color:var(--muted);margin:.5rem 0 0}
.details dl{display:grid;grid-template-columns:auto 1fr;gap:.15rem .6rem;margin:0}
.details dt{font-weight:600;color:var(--muted)}
.details dd{margin:0;overflow-wrap:anywhere}
.index,.furniture,.rights{max-width:72rem;margin:0 auto;padding:0 1.5rem 1rem;
font:14px/1.5 system-ui,sans-serif}
.entities{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.8rem}
.entity{border:1px solid var(--rule);border-left-width:6px;border-radius:6px;padding:.4rem .7rem}
.entity{content-visibility:auto;contain-intrinsic-size:auto 12rem}
.entity:target{outline:3px solid #d0021b}
.entity h3{font-size:15px;margin:.1rem 0 .3rem}
.entity dl{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;margin:0}
.entity dt{color:var(--muted)}
.entity dd{margin:0}
.entity ul{margin:.1rem 0 .3rem;padding-left:1.1rem}
.entity-person{border-left-color:#3b6fc4}
.entity-organization{border-left-color:#3c8c3c}
.entity-place{border-left-color:#c46f1b}
.entity-program{border-left-color:#7a4cc2}
.furniture{color:var(--muted);opacity:.75}
.furniture ol{padding-left:1.2rem}
.segment{white-space:pre-line}
.kind{font-size:12px;text-transform:uppercase;letter-spacing:.04em}
@media (max-width:60rem){.layout{flex-direction:column}aside{position:static;width:100%}}
@media (max-width:60rem){aside{flex:none}}
body{overflow-wrap:break-word}
.rights,.furniture,.details dd,.entity dd{overflow-wrap:anywhere}
@media (max-width:30rem){body{font-size:16px}.layout{padding:.75rem;gap:1rem}
h1.headline{font-size:1.5rem}.index,.furniture,.rights{padding:0 .75rem 1rem}
.entities{grid-template-columns:1fr}}
""" + _layer_rules()

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var panel = document.getElementById("sca:details");
  var rows = document.getElementById("sca:details-rows");
  var empty = document.getElementById("sca:details-empty");
  var FIELDS = [
    ["id", "id"], ["kind", "kind"], ["layer", "layer"], ["entity", "entity"],
    ["form", "form"], ["speaker", "speaker"], ["quoteKind", "quote kind"],
    ["attribution", "attribution"], ["cue", "cue"], ["value", "value"], ["unit", "unit"],
    ["attributionNote", "attribution note"], ["sources", "said by"],
    ["sourceWords", "source words"], ["predicate", "predicate"], ["status", "status"],
    ["agents", "agent"], ["stance", "stance"], ["holder", "holder"], ["target", "toward"],
    ["rationale", "rationale"], ["basis", "basis"], ["evidence", "evidence"],
    ["measures", "measures"], ["approximate", "approximate"], ["timeKind", "granularity"],
    ["relation", "relation"], ["note", "note"], ["text", "text"]
  ];
  var entries = {};
  Array.prototype.forEach.call(
    document.querySelectorAll("section.entity[data-entity]"),
    function (entry) { entries[entry.getAttribute("data-entity")] = entry.id; }
  );
  var selected = null;
  function entityLink(id, label) {
    var link = document.createElement("a");
    if (Object.prototype.hasOwnProperty.call(entries, id)) { link.href = "#" + entries[id]; }
    link.textContent = label || id;
    return link;
  }
  function show(element) {
    if (selected) { selected.classList.remove("selected"); }
    selected = element;
    element.classList.add("selected");
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    var data = element.dataset;
    var values = {text: element.textContent};
    FIELDS.forEach(function (field) {
      var key = field[0];
      var value = key in values ? values[key] : data[key];
      if (value === undefined || value === "") { return; }
      var term = document.createElement("dt");
      term.textContent = field[1];
      var description = document.createElement("dd");
      if (key === "entity" || key === "speaker" || key === "holder" || key === "target") {
        description.appendChild(entityLink(value, data[key + "Label"]));
      } else {
        description.textContent = value;
      }
      rows.appendChild(term);
      rows.appendChild(description);
    });
    empty.hidden = true;
    panel.classList.add("open");
  }
  function highlightOf(target) {
    var element = target.closest ? target.closest(".ann") : null;
    if (!element) { return null; }
    var first = document.getElementById(element.id || element.getAttribute("data-continues"));
    return first && first.classList.contains("ann") ? first : null;
  }
  document.addEventListener("click", function (event) {
    var element = highlightOf(event.target);
    if (element) { event.preventDefault(); show(element); }
  });
  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-layer]"),
    function (box) {
      box.addEventListener("change", function () {
        root.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    }
  );
})();
"""

#: The page, filled by ``to_html`` (every value escaped there).
PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="generator" content="secure-communities-article {version}">
<title>{headline_text} (annotated)</title>
<style>{style}</style>
</head>
<body>
<div class="layout">
<main id="{page}article">
<header>
{masthead}
{headline}
<p class="dateline">Published <time datetime="{published}">{published}</time> \
· section: {section} · {url_link}</p>
</header>
<div class="body" id="{page}body">
{paragraphs}
</div>
<footer>
{bio}
</footer>
</main>
<aside>
{legend}
<section class="details" id="{page}details" aria-live="polite"><h2>Details</h2>\
<p id="{page}details-empty" class="hint">Click a highlight to see its id, kind, \
entity and value.</p><dl id="{page}details-rows"></dl></section>
</aside>
</div>
<section class="index" id="{page}entities" aria-label="Entity index">
<h2>Entities: mentions and quotations</h2>
<div class="entities">
{entities}
</div>
</section>
<section class="furniture" id="{page}furniture" aria-label="Page furniture">
<h2>Page furniture captured with the article (not part of it)</h2>
<ol>
{furniture}
</ol>
</section>
<footer class="rights"><p>{rights}</p>
<p>Annotations: secure-communities-article {version}; source file \
{source_file} (SHA-256 {source_sha256}).</p></footer>
<script>{script}</script>
</body>
</html>
"""
