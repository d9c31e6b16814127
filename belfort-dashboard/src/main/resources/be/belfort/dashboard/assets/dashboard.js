// The dashboard's progressive enhancement: the map, the history charts and the copy buttons. Every page
// works without it (the tables carry the same data). Values from the platform are set as text, never as markup.
"use strict";

(function () {
  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  // Occupancy and congestion bands; air quality in the colours of the European Air Quality Index.
  var BANDS = { low: "#1a7f37", medium: "#9a6700", high: "#cf222e", none: "#0b5cad",
    aq1: "#50f0e6", aq2: "#50ccaa", aq3: "#f0e641", aq4: "#ff5050", aq5: "#960032", aq6: "#7d2181" };
  var BAND_ORDER = ["low", "medium", "high", "none", "aq1", "aq2", "aq3", "aq4", "aq5", "aq6"];

  // The light index colours need a dark outline to stand out from the map (non-text contrast).
  function outline(band) {
    return band && band.indexOf("aq") === 0 ? "#1f2328" : "#ffffff";
  }

  function popup(row, openLabel) {
    var box = document.createElement("div");
    box.appendChild(text("strong", row.name));
    if (row.value) {
      box.appendChild(document.createElement("br"));
      box.appendChild(text("span", row.value));
    }
    box.appendChild(document.createElement("br"));
    var link = text("a", openLabel);
    link.href = row.href;
    box.appendChild(link);
    return box;
  }

  // The last 24 hours of the marker's value as a small line (the averages per quarter hour), drawn as SVG.
  var SVG = "http://www.w3.org/2000/svg";
  function sparkline(box, url, label) {
    getJson(url).then(function (data) {
      var values = (data.points || []).map(function (point) { return point.avg; })
        .filter(function (value) { return value != null; });
      if (values.length < 2) {
        return;
      }
      var width = 160, height = 36;
      var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
      var span = high - low || 1;
      var points = values.map(function (value, index) {
        return (index * width / (values.length - 1)).toFixed(1) + "," + (height - 2 - (value - low) * (height - 4) / span).toFixed(1);
      }).join(" ");
      var svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("class", "sparkline");
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("width", String(width));
      svg.setAttribute("height", String(height));
      svg.setAttribute("role", "img");
      var title = document.createElementNS(SVG, "title");
      title.textContent = label;
      svg.appendChild(title);
      svg.setAttribute("aria-label", label);
      var line = document.createElementNS(SVG, "polyline");
      line.setAttribute("points", points);
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", "#0b5cad");
      line.setAttribute("stroke-width", "2");
      svg.appendChild(line);
      box.appendChild(svg);
      box.dataset.sparkline = String(values.length);
    });
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (answer) { return answer.json(); });
  }

  function rowMarker(row, layer, element) {
    var marker = L.circleMarker([row.lat, row.lon], {
      radius: 8, weight: 2, color: outline(row.band), fillOpacity: 0.9, fillColor: BANDS[row.band] || BANDS.none,
      className: "belfort-marker layer-" + layer.name
    });
    marker.bindTooltip(text("span", row.name));
    marker.bindPopup(popup(row, element.dataset.open));
    if (layer.attr) {
      // Opened, the popup also shows the last 24 hours of its value.
      marker.on("popupopen", function (event) {
        var box = event.popup.getContent();
        if (box && box.querySelector && !box.querySelector(".sparkline")) {
          sparkline(box, row.href + "/history.json?attr=" + encodeURIComponent(layer.attr) + "&range=24h",
            element.dataset.spark);
        }
      });
    }
    return marker;
  }

  // Many entities in one place come as one cluster with their count; a click zooms in on them.
  function clusterMarker(cluster, layer, map) {
    var icon = L.divIcon({
      html: text("span", String(cluster.count)), iconSize: [36, 36],
      className: "belfort-cluster band-" + cluster.band + " layer-" + layer.name
    });
    var marker = L.marker([cluster.lat, cluster.lon], { icon: icon, keyboard: false, title: cluster.count + " · " + layer.label });
    marker.on("click", function () { map.setView([cluster.lat, cluster.lon], Math.min(map.getZoom() + 2, 19)); });
    return marker;
  }

  function startMap(element) {
    var map = L.map(element, { preferCanvas: false });
    var tiles = element.dataset.tiles;
    if (tiles && tiles !== "none") {
      L.tileLayer(tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    map.setView([51.05, 3.72], 12);
    var groups = {};
    var markers = {};
    var clustered = false;

    function draw(data) {
      Object.keys(markers).forEach(function (id) { delete markers[id]; });
      data.layers.forEach(function (layer) {
        var group = groups[layer.name];
        group.clearLayers();
        layer.rows.forEach(function (row) {
          var marker = rowMarker(row, layer, element);
          group.addLayer(marker);
          if (marker.getElement()) {
            marker.getElement().setAttribute("data-id", row.id);
          }
          markers[row.id] = marker;
        });
        (layer.clusters || []).forEach(function (cluster) {
          clustered = true;
          group.addLayer(clusterMarker(cluster, layer, map));
        });
      });
      element.dataset.clusters = String(element.querySelectorAll(".belfort-cluster").length);
    }

    // Large layers are clustered on the server for the area in view: a move asks again.
    function refresh() {
      var url = element.dataset.markers;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "bbox=" + map.getBounds().toBBoxString() + "&zoom=" + map.getZoom();
      getJson(url).then(function (data) {
        draw(data);
        element.dataset.refreshed = String(Date.now());
      });
    }

    getJson(element.dataset.markers).then(function (data) {
      var overlays = {};
      data.layers.forEach(function (layer) {
        groups[layer.name] = L.layerGroup().addTo(map);
        overlays[layer.label + " (" + layer.total + ")"] = groups[layer.name];
      });
      draw(data);
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
      if (data.bounds) {
        map.fitBounds([[data.bounds[0], data.bounds[1]], [data.bounds[2], data.bounds[3]]], { padding: [20, 20], maxZoom: 15 });
      }
      element.dataset.loaded = "true";
      // A viewer the server let go (it fell behind) missed changes: the map is loaded afresh, then listens again.
      listen(element, markers, function reload() {
        getJson(element.dataset.markers).then(function (fresh) {
          draw(fresh);
          listen(element, markers, reload);
        });
      });
      if (clustered) {
        map.on("moveend", refresh);
        refresh();
      }
    });
  }

  // The region: a marker per city of the table (the accessible alternative), at the middle of what it publishes,
  // with its name and free parking places; a click, or Enter on a marker reached with Tab, opens the city.
  function startRegionMap(element) {
    // Quarter zoom steps: the cities of a region lie close together, and their labels need every pixel.
    var map = L.map(element, { zoomSnap: 0.25 });
    var tiles = element.dataset.tiles;
    if (tiles && tiles !== "none") {
      L.tileLayer(tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    var rows = Array.prototype.slice.call(document.querySelectorAll("#city-table tr[data-lon]"));
    var places = rows.map(function (row) { return [Number(row.dataset.lat), Number(row.dataset.lon)]; });
    // Leaflet places markers on a map that has a view: the view first.
    if (places.length > 0) {
      // Room for the labels, which are centred on their city.
      map.fitBounds(places, { padding: [70, 30], maxZoom: 12 });
    } else {
      map.setView([51.0, 4.4], 8);
    }
    rows.forEach(function (row, index) {
      var label = document.createElement("span");
      label.appendChild(text("strong", row.dataset.name));
      if (row.dataset.figure) {
        label.appendChild(text("span", row.dataset.figure));
      }
      var marker = L.marker(places[index], {
        keyboard: true, riseOnHover: true,
        icon: L.divIcon({ html: label, iconSize: [0, 0], iconAnchor: [0, 0],
          className: "belfort-city" + (row.dataset.band ? " band-" + row.dataset.band : "") })
      });
      marker.on("click", function () { window.location.href = row.dataset.href; });
      // Leaflet passes Enter on a focused marker as a keypress (it opens popups only): here it opens the city.
      marker.on("keypress", function (event) {
        if (event.originalEvent.key === "Enter" || event.originalEvent.keyCode === 13) {
          window.location.href = row.dataset.href;
        }
      });
      marker.addTo(map);
      marker.getElement().dataset.city = row.dataset.city;
    });
    declutter(element);
    map.on("zoomend resize", function () { declutter(element); });
    element.dataset.loaded = "true";
  }

  // Cities close together (on a phone's narrow map above all) would hide each other's labels: from the top down,
  // a label that overlaps one already placed moves below it.
  function declutter(element) {
    var labels = Array.prototype.slice.call(element.querySelectorAll(".belfort-city > span"));
    labels.forEach(function (label) { label.style.top = "0px"; });
    labels.sort(function (a, b) { return a.getBoundingClientRect().top - b.getBoundingClientRect().top; });
    var placed = [];
    labels.forEach(function (label) {
      for (var tries = 0; tries < labels.length; tries++) {
        var box = label.getBoundingClientRect();
        var hit = placed.filter(function (other) {
          return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
        })[0];
        if (!hit) {
          break;
        }
        label.style.top = (parseFloat(label.style.top) + hit.bottom - box.top + 2) + "px";
      }
      placed.push(label.getBoundingClientRect());
    });
  }

  // Committed changes arrive as server-sent events; the table and the marker show the new value in place.
  function listen(element, markers, reload) {
    if (!window.EventSource || !element.dataset.live) {
      return;
    }
    var status = document.getElementById("live-status");
    var bandNames = status ? status.dataset.bands.split("|") : [];
    var bandIndex = {};
    BAND_ORDER.forEach(function (band, index) { bandIndex[band] = index; });
    var source = new EventSource(element.dataset.live);
    source.addEventListener("ready", function () {
      element.dataset.listening = "true";
    });
    source.addEventListener("closed", function () {
      source.close();
      element.dataset.listening = "false";
      window.setTimeout(reload, 1000);
    });
    source.addEventListener("change", function (event) {
      var change = JSON.parse(event.data);
      var marker = markers[change.id];
      if (marker) {
        marker.setStyle({ fillColor: BANDS[change.band] || BANDS.none, color: outline(change.band) });
        marker.setPopupContent(popup(change, element.dataset.open));
      }
      document.querySelectorAll("tr[data-id]").forEach(function (row) {
        if (row.dataset.id !== change.id) {
          return;
        }
        var value = row.querySelector(".live-value");
        if (value) {
          value.textContent = change.value;
        }
        var band = row.querySelector(".live-band");
        if (band && bandNames.length === BAND_ORDER.length) {
          band.textContent = bandNames[bandIndex[change.band] === undefined ? 3 : bandIndex[change.band]];
          band.dataset.band = change.band;
        }
        row.dataset.updated = String(Date.now());
      });
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function drawChart(element) {
    var url = element.dataset.chart;
    var section = element.closest("section");
    var error = section ? section.querySelector(".form-error") : null;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (answer) {
        return answer.json().then(function (body) { return { ok: answer.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) {
          // A range the server refuses says why next to the form, as text.
          if (error) {
            error.textContent = result.body.detail || result.body.title || "";
          }
          return;
        }
        if (error) {
          error.textContent = "";
        }
        var data = result.body;
        element.replaceChildren();
        element.dataset.points = String(data.points.length);
        if (data.points.length === 0) {
          element.appendChild(text("p", element.dataset.empty, "help"));
          return;
        }
        var times = [], min = [], avg = [], max = [];
        data.points.forEach(function (point) {
          times.push(point.t);
          min.push(point.min);
          avg.push(point.avg);
          max.push(point.max);
        });
        var width = Math.max(280, Math.min(element.clientWidth || 800, 900));
        // Times in Brussels and numbers as the page's language writes them (1.234,5 and 1 dec. 14:05 in Dutch).
        var locale = element.dataset.lang === "en" ? "en-GB" : "nl-BE";
        var zone = "Europe/Brussels";
        var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
        var moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
        var hours = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: zone });
        var days = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: zone });
        var months = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: zone });
        function measured(u, value) {
          return value == null ? "–" : number.format(value);
        }
        new uPlot({
          width: width, height: 260,
          series: [
            { label: data.labels.time, value: function (u, t) { return t == null ? "–" : moment.format(new Date(t * 1000)); } },
            { label: data.labels.min, stroke: "#6e7781", width: 1, value: measured },
            { label: data.labels.avg, stroke: "#0b5cad", width: 2, value: measured },
            { label: data.labels.max, stroke: "#6e7781", width: 1, value: measured }
          ],
          axes: [
            { values: function (u, splits, axis, space, step) {
              var format = step < 86400 ? hours : step < 28 * 86400 ? days : months;
              return splits.map(function (t) { return format.format(new Date(t * 1000)); });
            } },
            { values: function (u, splits) { return splits.map(function (v) { return number.format(v); }); } }
          ]
        }, [times, min, avg, max], element);
      });
  }

  function startCharts() {
    document.querySelectorAll(".history-chart").forEach(drawChart);
    document.querySelectorAll("button.range").forEach(function (button) {
      button.addEventListener("click", function () {
        var section = button.closest("section");
        section.querySelectorAll("button.range").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        var chart = section.querySelector(".history-chart");
        chart.dataset.chart = button.dataset.chart;
        drawChart(chart);
      });
    });
  }

  // A chosen range redraws the chart in place; without script the form reloads the page with the same chart.
  function startRangeForms() {
    document.querySelectorAll("form.custom-range").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var section = form.closest("section");
        var chart = section.querySelector(".history-chart");
        section.querySelectorAll("button.range").forEach(function (other) {
          other.setAttribute("aria-pressed", "false");
        });
        chart.dataset.chart = form.dataset.chartBase + "&from=" + encodeURIComponent(form.elements.from.value)
          + "&to=" + encodeURIComponent(form.elements.to.value);
        drawChart(chart);
      });
    });
  }

  function startCopyButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button.copy");
      if (!button || !navigator.clipboard) {
        return;
      }
      navigator.clipboard.writeText(button.dataset.copyText).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var map = document.getElementById("map");
    if (map && window.L) {
      startMap(map);
    }
    var region = document.getElementById("region-map");
    if (region && window.L) {
      startRegionMap(region);
    }
    if (window.uPlot) {
      startCharts();
      startRangeForms();
    }
    startCopyButtons();
  });
})();
