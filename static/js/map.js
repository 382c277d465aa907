/* The map beside a list: built from the places the page lists in its data-markers attribute.
   The list stays the way to every place; the map repeats it for those who can see it, so it
   is hidden from assistive technologies and keeps nothing the keyboard can reach. */
(function () {
  "use strict";

  function unreachable(root) {
    // Zoom buttons and popup links stay clickable, but Tab never stops inside the map.
    root.querySelectorAll("a, button, input, [tabindex]").forEach(function (el) {
      el.setAttribute("tabindex", "-1");
    });
  }

  function groupByPlace(markers) {
    var groups = new Map();
    markers.forEach(function (m) {
      var key = m.lat.toFixed(6) + "," + m.lon.toFixed(6);
      if (!groups.has(key)) groups.set(key, {lat: m.lat, lon: m.lon, entries: []});
      var entries = groups.get(key).entries;
      var same = entries.some(function (e) { return e.name === m.name && e.url === m.url && e.place === m.place; });
      if (!same) entries.push(m);
    });
    return Array.from(groups.values());
  }

  function popupContent(entries) {
    var list = document.createElement("ul");
    list.className = "map-popup";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var name = document.createElement(entry.url ? "a" : "strong");
      if (entry.url) name.href = entry.url;
      name.textContent = entry.name;
      item.appendChild(name);
      if (entry.place) {
        var place = document.createElement("span");
        place.textContent = entry.place;
        item.appendChild(document.createElement("br"));
        item.appendChild(place);
      }
      list.appendChild(item);
    });
    return list;
  }

  function build(box) {
    var markers;
    try {
      markers = JSON.parse(box.getAttribute("data-markers"));
    } catch (error) {
      return;
    }
    if (!Array.isArray(markers) || markers.length === 0) return;
    var canvas = document.createElement("div");
    canvas.className = "map-canvas";
    canvas.setAttribute("aria-hidden", "true");
    box.insertBefore(canvas, box.firstChild);
    box.hidden = false;

    var map = L.map(canvas, {
      keyboard: false, scrollWheelZoom: false, attributionControl: false, zoomControl: false,
      fadeAnimation: false,
    });
    L.control.zoom({
      zoomInTitle: box.getAttribute("data-zoom-in") || "+",
      zoomOutTitle: box.getAttribute("data-zoom-out") || "-",
    }).addTo(map);
    L.tileLayer(box.getAttribute("data-tiles"), {maxZoom: 19}).addTo(map);

    var points = [];
    groupByPlace(markers).forEach(function (group) {
      var marker = L.marker([group.lat, group.lon], {keyboard: false, alt: ""});
      marker.bindPopup(popupContent(group.entries), {closeButton: false});
      marker.addTo(map);
      points.push([group.lat, group.lon]);
    });
    map.fitBounds(L.latLngBounds(points), {padding: [24, 24], maxZoom: 16});
    unreachable(canvas);
    map.on("popupopen", function () { unreachable(canvas); });
  }

  function start() {
    if (!window.L) return;  // the library did not load: the list alone, as without JavaScript
    document.querySelectorAll(".map[data-markers]").forEach(build);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
