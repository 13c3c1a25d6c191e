// The home page: incidents on a map (Leaflet, borders from world-atlas and amCharts' Ukraine regions,
// no tile server) and on a timeline of date ranges; dragging across the timeline filters both the
// map and the list. Everything shown comes from /api/incidents and is put in the page as text, never
// as HTML.
"use strict";

(function () {
  const DAY = 86400000;
  // The page's filters, as the list beside the map applies them, and their names in the API.
  const FILTERS = ["type", "status", "since", "until", "outlet", "actor", "country", "near", "min_killed", "vague", "q"];
  const API_NAMES = { km: "radius_km" };
  const PAGE = 1000;
  const MAX_INCIDENTS = 20000; // stop paging here: a browser map of more points is unreadable anyway
  const PLACE_LABEL_ZOOM = 6; // place names from about Ukraine's whole-country zoom in
  const MIN_RADIUS = 6; // px, an incident with no toll reported
  const MAX_RADIUS = 22; // px, however high the toll
  const LABEL_OFFSET = 20; // px right of the place, clear of a marker or group

  const state = { incidents: [], range: null, hidden: new Set(), map: null, cluster: null, labels: null,
    markers: new Map() };

  function day(text) {
    if (!text) return null;
    const [y, m, d] = text.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  }

  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function label(incident) {
    return incident.type.replace(/_/g, " ") + (incident.place ? " — " + incident.place : "");
  }

  async function loadIncidents() {
    const page = new URLSearchParams(window.location.search);
    const query = new URLSearchParams();
    for (const key of FILTERS.concat(Object.keys(API_NAMES))) {
      const value = page.get(key);
      if (value) query.set(API_NAMES[key] || key, value);
    }
    query.set("limit", String(PAGE));
    let all = [];
    let cursor = null;
    do {
      const q = new URLSearchParams(query);
      if (cursor) q.set("cursor", cursor);
      const response = await fetch("/api/incidents?" + q.toString());
      if (!response.ok) throw new Error("the incidents could not be loaded (" + response.status + ")");
      const body = await response.json();
      all = all.concat(body.items);
      cursor = body.next;
    } while (cursor && all.length < MAX_INCIDENTS);
    return all;
  }

  function visible(incident) {
    if (state.hidden.has(incident.type)) return false;
    if (!state.range) return true;
    const first = day(incident.first_day);
    const last = day(incident.last_day);
    if (first === null || last === null) return false;
    return first <= state.range[1] && last >= state.range[0];
  }

  // ---- map ----------------------------------------------------------------------------------

  // The area grows with the highest toll any report gives (killed, and injured at half weight).
  function radius(incident) {
    const killed = incident.killed ? incident.killed[1] : 0;
    const injured = incident.injured ? incident.injured[1] : 0;
    return Math.min(MAX_RADIUS, MIN_RADIUS + 2.2 * Math.sqrt(killed + injured / 2));
  }

  function toll(span) {
    if (!span) return "?";
    return span[0] === span[1] ? String(span[0]) : span[0] + "–" + span[1];
  }

  function tooltip(incident) {
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = label(incident);
    const when = document.createElement("div");
    when.textContent = (incident.first_day || "undated") + " · " + incident.grade;
    const hurt = document.createElement("div");
    hurt.textContent = toll(incident.killed) + " killed, " + toll(incident.injured) + " injured · " +
      incident.reports.length + " report(s)";
    box.append(title, when, hurt);
    return box;
  }

  // A group of markers in the colour of its commonest type, sized by how many it holds.
  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      const type = marker.incident ? marker.incident.type : "";
      counts.set(type, (counts.get(type) || 0) + 1);
    }
    const top = Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1]; })[0][0];
    const n = cluster.getChildCount();
    const size = Math.min(44, 24 + 4 * Math.sqrt(n));
    const count = document.createElement("span");
    count.textContent = String(n);
    return L.divIcon({ html: count, className: "marker-cluster inc-cluster type-" + top, iconSize: L.point(size, size) });
  }

  function popup(incident) {
    const box = document.createElement("div");
    box.className = "popup";
    const link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(incident.id);
    link.className = "popup-link";
    link.textContent = label(incident);
    const when = document.createElement("div");
    when.textContent = incident.first_day
      ? incident.first_day + (incident.last_day !== incident.first_day ? " … " + incident.last_day : "")
      : "undated";
    const grade = document.createElement("div");
    grade.textContent = incident.grade + " · " + incident.reports.length + " report(s)";
    box.append(link, when, grade);
    return box;
  }

  async function addBorders(map) {
    const topo = window.topojson;
    try {
      const world = await (await fetch("/vendor/world-atlas/countries-50m.json")).json();
      // In their own pane under the markers' (Leaflet adds layers in order, and these arrive last).
      L.geoJSON(topo.feature(world, world.objects.countries), {
        interactive: false, pane: "borders", style: { className: "country", weight: 1 },
      }).addTo(map);
      const regions = await (await fetch("/vendor/@amcharts/amcharts5-geodata/json/ukraineLow.json")).json();
      L.geoJSON(regions, { interactive: false, pane: "borders", style: { className: "oblast", weight: 0.6 } })
        .addTo(map);
    } catch (error) {
      document.getElementById("map-note").textContent = "Borders could not be loaded: " + error.message;
    }
  }

  function drawMap() {
    if (!state.map) return;
    state.cluster.clearLayers();
    const shown = [];
    for (const incident of state.incidents) {
      const marker = state.markers.get(incident.id);
      if (marker && visible(incident)) shown.push(marker);
    }
    state.cluster.addLayers(shown);
    drawLabels();
  }

  // One label per place among the incidents shown, from PLACE_LABEL_ZOOM in; names are set as text. Places
  // with more incidents are labelled first, and a label that would overlap one already placed is left out.
  function drawLabels() {
    state.labels.clearLayers();
    if (state.map.getZoom() < PLACE_LABEL_ZOOM) return;
    const places = new Map();
    for (const incident of state.incidents) {
      if (!incident.place || incident.lat === null || incident.lon === null || !visible(incident)) continue;
      const key = incident.place + "@" + incident.lat.toFixed(2) + "," + incident.lon.toFixed(2);
      const place = places.get(key) || { name: incident.place, at: [incident.lat, incident.lon], n: 0 };
      place.n += 1;
      places.set(key, place);
    }
    const taken = [];
    for (const place of Array.from(places.values()).sort(function (a, b) { return b.n - a.n; })) {
      const p = state.map.latLngToContainerPoint(place.at);
      const box = [p.x + LABEL_OFFSET, p.y - 8, p.x + LABEL_OFFSET + 7 * place.name.length, p.y + 8];
      if (taken.some(function (t) { return box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]; })) continue;
      taken.push(box);
      const name = document.createElement("span");
      name.textContent = place.name;
      L.marker(place.at, {
        interactive: false, keyboard: false, pane: "labels",
        icon: L.divIcon({ className: "place-label", html: name, iconSize: null, iconAnchor: [-LABEL_OFFSET, 6] }),
      }).addTo(state.labels);
    }
  }

  function setUpMap() {
    const note = document.getElementById("map-note");
    if (typeof window.L === "undefined" || typeof window.topojson === "undefined" || !L.markerClusterGroup) {
      note.textContent = "The map is not available: Leaflet is not installed (run make setup). The list and timeline still work.";
      return;
    }
    note.textContent = "";
    const map = L.map("map", { worldCopyJump: false, minZoom: 2, maxZoom: 12 }).setView([48.5, 33.5], 5);
    map.createPane("borders").style.zIndex = "350"; // under the overlay pane (400) the markers are drawn in
    map.createPane("labels").style.zIndex = "650"; // over the markers, never catching the pointer
    map.getPane("labels").style.pointerEvents = "none";
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas; Ukraine's oblasts: amCharts geodata");
    state.map = map;
    state.cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
      iconCreateFunction: clusterIcon });
    map.addLayer(state.cluster);
    state.labels = L.layerGroup().addTo(map);
    map.on("zoomend moveend", drawLabels);
    addBorders(map);
    for (const incident of state.incidents) {
      if (incident.lat === null || incident.lon === null) continue;
      const marker = L.circleMarker([incident.lat, incident.lon], {
        radius: radius(incident), weight: 1.5,
        className: "inc type-" + incident.type + " grade-ring-" + incident.grade.replace(/ /g, "-") +
          " inc-" + incident.id,
      });
      marker.incident = incident;
      marker.bindPopup(function () { return popup(incident); });
      marker.bindTooltip(function () { return tooltip(incident); }, { direction: "top", className: "inc-tip" });
      state.markers.set(incident.id, marker);
    }
    drawMap();
    map.on("zoomend", function () { document.getElementById("map").dataset.zoom = String(map.getZoom()); });
    // Open on the country with the most placed incidents (the rest are a zoom out away), so that its
    // markers and place names read at once instead of a world of dots.
    const byCountry = new Map();
    for (const incident of state.incidents) {
      if (!state.markers.has(incident.id)) continue;
      const key = incident.country || "";
      if (!byCountry.has(key)) byCountry.set(key, []);
      byCountry.get(key).push(state.markers.get(incident.id).getLatLng());
    }
    const home = Array.from(byCountry.values()).sort(function (a, b) { return b.length - a.length; })[0];
    if (home) map.fitBounds(L.latLngBounds(home).pad(0.2), { maxZoom: 7 });
    document.getElementById("map").dataset.zoom = String(map.getZoom());
  }

  // ---- list -----------------------------------------------------------------------------------

  function drawList() {
    const items = document.querySelectorAll("#incident-list li.incident");
    const byId = new Map(state.incidents.map(function (i) { return [i.id, i]; }));
    let count = 0;
    items.forEach(function (item) {
      const incident = byId.get(item.dataset.id);
      const show = incident ? visible(incident) : !state.range && !state.hidden.has(item.dataset.type);
      item.hidden = !show;
      if (show) count += 1;
    });
    document.getElementById("shown-count").textContent = String(count);
  }

  // ---- timeline -------------------------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";
  const HIST = 70; // height of the weekly histogram, px
  const LANE = 5; // height of one lane of date ranges, px
  const PAD = 24;

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function drawTimeline() {
    const svg = document.getElementById("timeline-svg");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const dated = state.incidents.filter(function (i) { return i.first_day && i.last_day; });
    const width = Math.max(svg.parentNode.clientWidth || 600, 300);
    if (!dated.length) {
      svg.setAttribute("viewBox", "0 0 " + width + " 30");
      svg.setAttribute("height", "30");
      el("text", { x: 8, y: 20, class: "axis" }, svg).textContent = "No dated incidents.";
      return;
    }
    // Weeks start on Monday; an incident's weight is spread over the days of its range, so a
    // month-wide date adds a thin layer to four weeks instead of a spike on one.
    const start = Math.min.apply(null, dated.map(function (i) { return day(i.first_day); }));
    const end = Math.max.apply(null, dated.map(function (i) { return day(i.last_day); })) + DAY;
    const weekStart = start - ((new Date(start).getUTCDay() + 6) % 7) * DAY;
    const weeks = Math.max(1, Math.ceil((end - weekStart) / (7 * DAY)));
    const x = function (ms) { return PAD + ((ms - weekStart) / (weeks * 7 * DAY)) * (width - 2 * PAD); };
    const bins = [];
    for (let w = 0; w < weeks; w++) bins.push(new Map());
    for (const incident of dated) {
      const first = day(incident.first_day);
      const last = day(incident.last_day);
      const days = Math.round((last - first) / DAY) + 1;
      for (let d = first; d <= last; d += DAY) {
        const w = Math.floor((d - weekStart) / (7 * DAY));
        bins[w].set(incident.type, (bins[w].get(incident.type) || 0) + 1 / days);
      }
    }
    const peak = Math.max.apply(null, bins.map(function (b) {
      let total = 0; b.forEach(function (v) { total += v; }); return total;
    })) || 1;
    // Lanes: each incident's range on the first lane where it does not overlap the previous one.
    const lanes = [];
    const placed = dated.slice().sort(function (a, b) { return day(a.first_day) - day(b.first_day); }).map(function (i) {
      const first = day(i.first_day);
      let lane = lanes.findIndex(function (lastEnd) { return lastEnd < first; });
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = day(i.last_day) + DAY;
      return { incident: i, lane: lane };
    });
    const height = HIST + 20 + lanes.length * (LANE + 2) + 18;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("height", String(height));
    const barWidth = Math.max(1, (width - 2 * PAD) / weeks - 1);
    bins.forEach(function (bin, w) {
      let y = HIST;
      Array.from(bin.keys()).sort().forEach(function (type) {
        const h = (bin.get(type) / peak) * (HIST - 10);
        y -= h;
        const rect = el("rect", { x: x(weekStart + w * 7 * DAY), y: y, width: barWidth, height: h,
          class: "week type-" + type }, svg);
        el("title", {}, rect).textContent = "week of " + iso(weekStart + w * 7 * DAY) + ": " +
          bin.get(type).toFixed(1) + " " + type.replace(/_/g, " ");
      });
    });
    for (const p of placed) {
      const first = day(p.incident.first_day);
      const last = day(p.incident.last_day) + DAY;
      const line = el("rect", { x: x(first), y: HIST + 14 + p.lane * (LANE + 2),
        width: Math.max(2, x(last) - x(first)), height: LANE,
        class: "range type-" + p.incident.type + (visible(p.incident) ? "" : " dim") }, svg);
      el("title", {}, line).textContent = label(p.incident) + ": " + p.incident.first_day +
        (p.incident.last_day !== p.incident.first_day ? " … " + p.incident.last_day : "");
    }
    const axisY = height - 4;
    const ticks = Math.min(weeks, Math.max(2, Math.floor(width / 110)));
    for (let t = 0; t <= ticks; t++) {
      const ms = weekStart + Math.round((t / ticks) * weeks) * 7 * DAY;
      const anchor = t === 0 ? "start" : t === ticks ? "end" : "middle";
      el("text", { x: x(ms), y: axisY, class: "axis", "text-anchor": anchor }, svg).textContent = iso(ms);
    }
    if (state.range) {
      el("rect", { x: x(state.range[0]), y: 0, width: Math.max(1, x(state.range[1] + DAY) - x(state.range[0])),
        height: height - 16, class: "brush" }, svg);
    }
    const invert = function (px) {
      return weekStart + Math.floor(((px - PAD) / (width - 2 * PAD)) * weeks * 7) * DAY;
    };
    brush(svg, width, invert);
  }

  function brush(svg, width, invert) {
    let startX = null;
    let band = null;
    const local = function (event) {
      const box = svg.getBoundingClientRect();
      return ((event.clientX - box.left) / box.width) * width;
    };
    svg.onpointerdown = function (event) {
      startX = local(event);
      band = el("rect", { x: startX, y: 0, width: 0, height: svg.viewBox.baseVal.height - 16, class: "brush" }, svg);
      svg.setPointerCapture(event.pointerId);
    };
    svg.onpointermove = function (event) {
      if (startX === null) return;
      const now = local(event);
      band.setAttribute("x", String(Math.min(startX, now)));
      band.setAttribute("width", String(Math.abs(now - startX)));
    };
    svg.onpointerup = function (event) {
      if (startX === null) return;
      const endX = local(event);
      const moved = Math.abs(endX - startX) > 4;
      state.range = moved ? [invert(Math.min(startX, endX)), invert(Math.max(startX, endX))] : null;
      startX = null;
      const form = document.getElementById("filters");
      form.elements.since.value = state.range ? iso(state.range[0]) : "";
      form.elements.until.value = state.range ? iso(state.range[1]) : "";
      redraw();
    };
  }

  // The legend is the type filter: a family's button hides or shows its types on the map, list and timeline.
  function setUpLegend() {
    document.querySelectorAll("#legend button.family").forEach(function (button) {
      button.addEventListener("click", function () {
        const shown = button.getAttribute("aria-pressed") !== "false";
        button.setAttribute("aria-pressed", shown ? "false" : "true");
        for (const type of button.dataset.types.split(" ")) {
          if (shown) state.hidden.add(type); else state.hidden.delete(type);
        }
        redraw();
      });
    });
  }

  function redraw() {
    drawMap();
    drawList();
    drawTimeline();
  }

  async function main() {
    try {
      state.incidents = await loadIncidents();
    } catch (error) {
      document.getElementById("map-note").textContent = error.message;
      return;
    }
    setUpMap();
    setUpLegend();
    drawTimeline();
    window.addEventListener("resize", drawTimeline);
    document.body.dataset.ready = "true";
  }

  window.addEventListener("DOMContentLoaded", main);
})();
