
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
