// Maps, as progressive enhancement: the coordinate fields are the real form; the map only fills them.
// Tiles come from the configured server and may never load (offline, blocked): the map keeps working on a plain
// background, and the pin, the outline and the fields do not depend on them.
(() => {
  'use strict';
  if (!window.L) return; // Leaflet missing: the fields alone do the job.

  const rtl = document.documentElement.dir === 'rtl';

  // Digits as people type them (Arabic-Indic, Persian), the Arabic decimal separator or a decimal comma, a minus sign.
  const parseNumber = (text) => {
    let s = '';
    for (const ch of String(text || '')) {
      const code = ch.charCodeAt(0);
      if (code >= 0x0660 && code <= 0x0669) s += String(code - 0x0660);
      else if (code >= 0x06f0 && code <= 0x06f9) s += String(code - 0x06f0);
      else if (ch === '\u066b' || ch === ',') s += '.';
      else if (ch === '\u2212' || ch === '\u2013') s += '-';
      else if (/[\s\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069°]/.test(ch)) continue;
      else s += ch;
    }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  };
  const format = (n) => String(Math.round(n * 1e6) / 1e6);
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

  const baseMap = (el, options) => {
    if (el.dataset.images) L.Icon.Default.imagePath = el.dataset.images;
    const [lat, lon] = (el.dataset.center || '24.7136,46.6753').split(',').map(Number);
    el.hidden = false;
    const map = L.map(el, Object.assign({ center: [lat, lon], zoom: Number(el.dataset.zoom) || 11, zoomControl: false, attributionControl: false }, options));
    // Controls sit on the reading side: the map itself stays left-to-right inside (dir="ltr" on its container).
    L.control.zoom({ position: rtl ? 'topright' : 'topleft' }).addTo(map);
    L.control.attribution({ position: rtl ? 'bottomleft' : 'bottomright', prefix: false }).addTo(map);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        subdomains: el.dataset.subdomains || 'abc',
        maxZoom: Number(el.dataset.maxZoom) || 19,
        attribution: escapeHtml(el.dataset.attribution || ''),
      }).addTo(map);
    }
    return map;
  };

  // The picker on the report forms.
  for (const el of document.querySelectorAll('[data-map-picker]')) {
    if (el.dataset.ready) continue;
    el.dataset.ready = '1';
    const latInput = document.getElementById(el.dataset.latInput);
    const lonInput = document.getElementById(el.dataset.lonInput);
    const fieldset = el.closest('fieldset');
    const locate = fieldset.querySelector('[data-locate]');
    const clear = fieldset.querySelector('[data-clear-location]');
    const locateError = fieldset.querySelector('[data-locate-error]');
    if (!latInput || !lonInput) continue;
    let map = null;
    let marker = null;

    const typed = () => {
      const lat = parseNumber(latInput.value);
      const lon = parseNumber(lonInput.value);
      return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
    };
    const fill = (latlng) => {
      const p = latlng.wrap();
      latInput.value = format(p.lat);
      lonInput.value = format(p.lng);
    };
    const place = (latlng, fillFields) => {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, autoPan: true, title: el.dataset.pinLabel || '', alt: el.dataset.pinLabel || '' }).addTo(map);
        marker.on('dragend', () => fill(marker.getLatLng()));
      } else {
        marker.setLatLng(latlng);
      }
      if (fillFields) fill(latlng);
      if (clear) clear.hidden = false;
    };
    const start = () => {
      if (map) {
        map.invalidateSize();
        return;
      }
      map = baseMap(el);
      const at = typed();
      if (at) {
        place(at, false);
        map.setView(at, Math.max(map.getZoom(), 15));
      }
      map.on('click', (e) => place(e.latlng, true));
    };
    for (const input of [latInput, lonInput]) {
      input.addEventListener('change', () => {
        const at = typed();
        if (at && map) {
          place(at, false);
          map.panTo(at);
        }
      });
    }
    if (clear) {
      clear.addEventListener('click', () => {
        latInput.value = '';
        lonInput.value = '';
        if (marker) {
          marker.remove();
          marker = null;
        }
        clear.hidden = true;
        latInput.focus();
      });
    }
    if (locate && 'geolocation' in navigator) {
      locate.hidden = false;
      locate.addEventListener('click', () => {
        if (locateError) locateError.hidden = true;
        navigator.geolocation.getCurrentPosition(
          (position) => {
            const at = L.latLng(position.coords.latitude, position.coords.longitude);
            place(at, true);
            map.setView(at, 16);
          },
          () => {
            if (locateError) locateError.hidden = false;
          },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }

    // Meant for reports: the picker shows while the form's type is the one named, or when it already holds a location.
    const form = fieldset.form || fieldset.closest('form');
    const forType = fieldset.dataset.locationFor;
    const typeName = latInput.name.replace(/Latitude$/, 'Type');
    const typeField = form && forType ? form.elements.namedItem(typeName) : null;
    const sticky = latInput.value !== '' || lonInput.value !== '' || fieldset.querySelector('.coordinates .field-error:not(:empty)') !== null;
    const sync = () => {
      const show = !typeField || sticky || typeField.value === forType;
      fieldset.hidden = !show;
      latInput.disabled = !show;
      lonInput.disabled = !show;
      if (show) start();
    };
    if (typeField) form.addEventListener('change', (e) => { if (e.target.name === typeName) sync(); });
    sync();
  }

  // Read-only maps: a request's location, a unit's area.
  for (const el of document.querySelectorAll('[data-map-view]')) {
    if (el.dataset.ready) continue;
    el.dataset.ready = '1';
    const map = baseMap(el, { scrollWheelZoom: false });
    let fitted = false;
    if (el.dataset.area) {
      try {
        const layer = L.geoJSON(JSON.parse(el.dataset.area), { interactive: false, style: { color: '#155c3a', weight: 2, fillOpacity: 0.15 } }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [12, 12] });
        fitted = true;
      } catch {
        // A broken area is shown as no area; the page says so in text.
      }
    }
    if (el.dataset.marker) {
      const [lat, lon] = el.dataset.marker.split(',').map(Number);
      L.marker([lat, lon], { interactive: false, keyboard: false }).addTo(map);
      if (!fitted) map.setView([lat, lon], 15);
    }
  }
  // The indicators' map: the latest located requests of the filter, each a link to its request.
  for (const el of document.querySelectorAll('[data-map-points]')) {
    if (el.dataset.ready) continue;
    el.dataset.ready = '1';
    const map = baseMap(el, { scrollWheelZoom: false });
    let points = [];
    try {
      points = JSON.parse(el.dataset.points || '[]');
    } catch {
      // Broken data shows no marker; the table beside the map lists the same requests.
    }
    const bounds = [];
    for (const [lat, lon, number, href] of points) {
      const marker = L.marker([lat, lon], { title: number, alt: number }).addTo(map);
      marker.bindPopup(`<a href="${escapeHtml(href)}"><bdi dir="ltr">${escapeHtml(number)}</bdi></a>`);
      bounds.push([lat, lon]);
    }
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
    else if (bounds.length === 1) map.setView(bounds[0], 14);
  }
})();
