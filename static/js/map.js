/* Veta's maps: every [data-map] element (templates/includes/map.html) becomes a Leaflet map.
 *
 * A map draws the regions' outlines from data-regions-url (/map/regions.geojson) and, on top,
 * clustered markers from data-points-url (the API's GeoJSON) or one marker at data-lat/data-lon.
 * data-region zooms to a region and outlines it; data-choropleth colours the regions by the
 * metric chosen with the page's [data-map-metric] inputs. Base tiles only with data-tile-url.
 * Every label comes from the server (#veta-map-config, in the reader's language).
 */
(function () {
  "use strict";

  var PERU = [[-18.35, -81.33], [-0.04, -68.65]];
  var PALETTE = ["#f5cf86", "#e9a648", "#cf7d22", "#a0570b", "#673705"];
  var ZERO_COLOUR = "#f8f7f3";
  var BORDER = "#b9b4aa";
  // Without base tiles there is nothing to see closer than a province.
  var MAX_ZOOM_PLAIN = 12;
  var MAX_ZOOM_TILES = 18;
  var ACCENT = "#8a5a00";

  var configElement = document.getElementById("veta-map-config");
  if (!configElement || !window.L) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var labels = config.labels;
  var language = document.documentElement.lang || "en";
  var numbers = new Intl.NumberFormat(language);
  var months = new Intl.DateTimeFormat(language, { month: "long", timeZone: "UTC" });

  // Leaflet's default marker, from our own copy of its images (never guessed from the CSS).
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions(config.icons);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function escapeHtml(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML;
  }

  /* A date in Django's format letters j (day), F (month name) and Y (year), as DatedModel.date_label. */
  function formatDate(iso, pattern) {
    var parts = iso.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    // Django's format letters j, F and Y; a backslash keeps the next letter as it is ("j \\d\\e F").
    return pattern.replace(/\\(.)|[jFY]/g, function (letter, escaped) {
      if (escaped !== undefined) {
        return escaped;
      }
      if (letter === "j") {
        return String(parts[2]);
      }
      return letter === "F" ? months.format(date) : String(parts[0]);
    });
  }

  function dateLabel(properties) {
    var formats = config.dateFormats;
    var precision = properties.date_precision;
    if (precision === "year") {
      return formatDate(properties.date_start, formats.year);
    }
    if (precision === "month") {
      return formatDate(properties.date_start, formats.month);
    }
    var start = formatDate(properties.date_start, formats.day);
    if (precision === "day" || properties.date_start === properties.date_end) {
      return start;
    }
    if (precision === "week") {
      return labels.weekOf.replace("%(date)s", start);
    }
    return start + " – " + formatDate(properties.date_end, formats.day);
  }

  /* The best figure with its range, as the `figure` template filter: "3", "3 (3–10)" or "—". */
  function figure(figures) {
    if (!figures || figures.best === null || figures.best === undefined) {
      return "—";
    }
    var text = numbers.format(figures.best);
    if (figures.low !== null && figures.high !== null && (figures.low !== figures.best || figures.high !== figures.best)) {
      text += " (" + numbers.format(figures.low) + "–" + numbers.format(figures.high) + ")";
    }
    return text;
  }

  /* The title in the page's language, or the other one (marked with its language) when there is none. */
  function localizedTitle(properties) {
    var spanish = language.indexOf("es") === 0;
    var own = spanish ? properties.title_es : properties.title;
    if (own) {
      return { text: own, lang: "" };
    }
    var other = spanish ? properties.title : properties.title_es;
    return other ? { text: other, lang: spanish ? "en" : "es" } : { text: "", lang: "" };
  }

  function popupContent(feature) {
    var properties = feature.properties;
    var box = element("div", "map-popup");
    var title = element("p", "map-popup__title");
    var shown = localizedTitle(properties);
    var link = element("a", "", shown.text);
    if (shown.lang) {
      link.lang = shown.lang;
    }
    link.href = config.urls.incident.replace(/0\/$/, encodeURIComponent(feature.id) + "/");
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(element("p", "map-popup__date", dateLabel(properties)));
    box.appendChild(element("p", "map-popup__killed", labels.killed + ": " + figure(properties.killed)));
    return box;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }
      return response.json();
    });
  }

  function showError(container) {
    if (!container.querySelector(".map__error")) {
      container.appendChild(element("p", "map__error", labels.loadError));
    }
  }

  /* Up to five classes of equal, round width (1, 2, 5, 10, 20...) above zero. */
  function classesFor(values) {
    var max = Math.max.apply(null, [0].concat(values));
    if (max === 0) {
      return { step: 1, count: 0 };
    }
    var step = 1;
    var factors = [1, 2, 5];
    for (var power = 1; step * 5 < max; power *= 10) {
      for (var index = 0; index < factors.length; index += 1) {
        step = factors[index] * power;
        if (step * 5 >= max) {
          break;
        }
      }
    }
    return { step: step, count: Math.ceil(max / step) };
  }

  function classColour(index, count) {
    if (count === 1) {
      return PALETTE[3];
    }
    return PALETTE[Math.round((index * (PALETTE.length - 1)) / (count - 1))];
  }

  function colourFor(value, classes) {
    if (!value) {
      return ZERO_COLOUR;
    }
    return classColour(Math.min(Math.floor((value - 1) / classes.step), classes.count - 1), classes.count);
  }

  function renderLegend(node, metric, classes) {
    node.textContent = "";
    node.appendChild(element("p", "map-legend__title", labels.legend[metric]));
    var list = element("ul", "map-legend__classes");
    var entries = [{ colour: ZERO_COLOUR, text: numbers.format(0) }];
    for (var index = 0; index < classes.count; index += 1) {
      var low = index * classes.step + 1;
      var high = (index + 1) * classes.step;
      entries.push({
        colour: classColour(index, classes.count),
        text: low === high ? numbers.format(low) : numbers.format(low) + "–" + numbers.format(high),
      });
    }
    entries.forEach(function (entry) {
      var item = element("li", "map-legend__class");
      var swatch = element("span", "map-legend__swatch");
      swatch.style.backgroundColor = entry.colour;
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.text));
      list.appendChild(item);
    });
    node.appendChild(list);
    node.setAttribute("data-metric", metric);
  }

  function regionTooltip(properties) {
    return (
      "<strong>" + escapeHtml(properties.name) + "</strong><br>" +
      escapeHtml(labels.incidents) + ": " + numbers.format(properties.incidents) + "<br>" +
      escapeHtml(labels.peopleKilled) + ": " + numbers.format(properties.killed)
    );
  }

  function drawChoropleth(map, container, data) {
    var metric = container.getAttribute("data-metric") || "incidents";
    var regionLink = container.getAttribute("data-region-link");
    var classes = {};
    ["incidents", "killed"].forEach(function (name) {
      classes[name] = classesFor(data.features.map(function (feature) { return feature.properties[name]; }));
    });
    function style(feature) {
      return {
        className: "map-region map-region--" + feature.properties.code,
        color: BORDER,
        weight: 0.8,
        fillColor: colourFor(feature.properties[metric], classes[metric]),
        fillOpacity: 0.9,
      };
    }
    var layer = L.geoJSON(data, {
      filter: function (feature) { return Boolean(feature.geometry); },
      style: style,
      onEachFeature: function (feature, regionLayer) {
        regionLayer.bindTooltip(regionTooltip(feature.properties), { sticky: true });
        regionLayer.on("mouseover", function () { regionLayer.setStyle({ color: ACCENT, weight: 2 }); regionLayer.bringToFront(); });
        regionLayer.on("mouseout", function () { layer.resetStyle(regionLayer); });
        regionLayer.on("click", function () {
          window.location.href = regionLink ? regionLink + encodeURIComponent(feature.properties.code) : feature.properties.url;
        });
      },
    }).addTo(map);

    // The legend goes under the map, where it hides no region at any width.
    var legendNode = element("div", "map-legend");
    container.parentNode.insertBefore(legendNode, container.nextSibling);
    renderLegend(legendNode, metric, classes[metric]);

    function switchTo(name) {
      if (!classes[name] || name === metric) {
        return;
      }
      metric = name;
      container.setAttribute("data-metric", name);
      layer.setStyle(style);
      renderLegend(legendNode, metric, classes[metric]);
      var url = new URL(window.location.href);
      url.searchParams.set("metric", name);
      window.history.replaceState(null, "", url);
    }
    document.querySelectorAll("input[data-map-metric]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.checked) {
          switchTo(input.value);
        }
      });
      if (input.checked) {
        switchTo(input.value);
      }
    });
    return layer;
  }

  function drawOutlines(map, container, data, marker) {
    var highlighted = container.getAttribute("data-region");
    var layer = L.geoJSON(data, {
      filter: function (feature) { return Boolean(feature.geometry); },
      style: function (feature) {
        var className = "map-region map-region--" + feature.properties.code;
        if (feature.properties.code === highlighted) {
          return { className: className, color: ACCENT, weight: 2.5, fillColor: "#f2d9a6", fillOpacity: 0.55 };
        }
        return { className: className, color: BORDER, weight: 1, fillColor: "#ffffff", fillOpacity: 0.7 };
      },
      onEachFeature: function (feature, regionLayer) {
        regionLayer.bindTooltip(regionTooltip(feature.properties), { sticky: true });
        if (feature.properties.code !== highlighted) {
          regionLayer.on("click", function () { window.location.href = feature.properties.url; });
        }
      },
    }).addTo(map);
    if (highlighted) {
      layer.eachLayer(function (regionLayer) {
        if (regionLayer.feature.properties.code === highlighted) {
          regionLayer.bringToFront();
          // The whole region, and the marker if one lies outside it.
          var bounds = regionLayer.getBounds();
          if (marker) {
            bounds.extend(marker.getLatLng());
          }
          map.fitBounds(bounds, { padding: [12, 12], animate: false });
        }
      });
    }
    return layer;
  }

  function drawPoints(map, data) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    (data.features || []).forEach(function (feature) {
      // A point that stands for a whole district, province or region is no marker: the outlines count it.
      if (!feature.geometry || feature.geometry.type !== "Point" || feature.properties.point_is_area) {
        return;
      }
      var coordinates = feature.geometry.coordinates;
      var title = localizedTitle(feature.properties).text || labels.incident;
      var marker = L.marker([coordinates[1], coordinates[0]], { title: title, alt: title });
      marker.bindPopup(popupContent(feature));
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    return cluster;
  }

  function initMap(container) {
    var small = container.classList.contains("map--small");
    var tileUrl = container.getAttribute("data-tile-url");
    var map = L.map(container, {
      maxZoom: tileUrl ? MAX_ZOOM_TILES : MAX_ZOOM_PLAIN,
      minZoom: 3,
      zoomSnap: 0.25,
      scrollWheelZoom: !small,
    });
    map.attributionControl.addAttribution(escapeHtml(labels.boundaries));
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: container.getAttribute("data-tile-attribution") || "",
        maxZoom: MAX_ZOOM_TILES,
      }).addTo(map);
    } else {
      container.classList.add("map--plain");
    }
    map.fitBounds(PERU);

    var marker = null;
    var lat = parseFloat(container.getAttribute("data-lat"));
    var lon = parseFloat(container.getAttribute("data-lon"));
    if (!isNaN(lat) && !isNaN(lon)) {
      var title = container.getAttribute("data-title") || labels.incident;
      marker = L.marker([lat, lon], { title: title, alt: title }).addTo(map);
      marker.bindPopup(element("p", "map-popup__title", title));
      map.setView([lat, lon], 7);
    }

    var regionsUrl = container.getAttribute("data-regions-url");
    if (regionsUrl) {
      getJSON(regionsUrl).then(function (data) {
        var layer = container.hasAttribute("data-choropleth")
          ? drawChoropleth(map, container, data)
          : drawOutlines(map, container, data, marker);
        layer.bringToBack();
        container.setAttribute("data-regions-drawn", String(layer.getLayers().length));
      }).catch(function () { showError(container); });
    }
    var pointsUrl = container.getAttribute("data-points-url");
    if (pointsUrl) {
      getJSON(pointsUrl).then(function (data) {
        // The markers drawn: features at an area's point count in the outlines, not here.
        var cluster = drawPoints(map, data);
        container.setAttribute("data-points-drawn", String(cluster.getLayers().length));
      }).catch(function () { showError(container); });
    }
  }

  document.querySelectorAll("[data-map]").forEach(initMap);
})();
