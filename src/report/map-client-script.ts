/**
 * The interactive map's browser code, inlined into index.html (plain ES2017, no library):
 * a canvas scatter with pan (drag), zoom (wheel, buttons), hover tooltips (a linear scan
 * over ≤ 10,000 points per mouse move: well under a millisecond), colouring by domain / toxicity / kept-or-removed, a legend whose domains
 * isolate on click, and cluster labels. It reads the JSON in #sieve-data and exposes
 * `window.__sieveMap` (pointCount, drawnCount, screenPosition(i), isolate(domain)) for tests.
 */
export const MAP_CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sieve-data").textContent);
  var P = data.points, n = P.length;
  var canvas = document.getElementById("map"), ctx = canvas.getContext("2d");
  var tip = document.getElementById("tip"), legend = document.getElementById("legend");
  var mode = "domain", isolated = null, view = { k: 1, tx: 0, ty: 0 }, hover = -1, drawn = 0;
  var W = 0, H = 0, S = 0, dpr = window.devicePixelRatio || 1;

  function resize() {
    var r = canvas.getBoundingClientRect();
    W = r.width; H = r.height; S = Math.min(W, H) * 0.92;
    canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
    draw();
  }
  function sx(x) { return (W - S) / 2 + (x * S) * view.k + view.tx; }
  function sy(y) { return (H - S) / 2 + ((1 - y) * S) * view.k + view.ty; }
  function toxColour(t) {
    t = Math.max(0, Math.min(1, t));
    var r = Math.round(60 + 195 * t), g = Math.round(150 - 110 * t), b = Math.round(200 - 170 * t);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function colourOf(p) {
    if (mode === "toxicity") return p[3] < 0 ? "#bbb" : toxColour(p[3]);
    if (mode === "kept") return p[4] === 1 ? "#2c7fb8" : p[4] === 0 ? "#e34a33" : "#999";
    return data.colours[p[2] % data.colours.length];
  }
  function visible(p) { return isolated === null || p[2] === isolated; }
  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    var r = Math.max(1.6, Math.min(6, 2.2 * Math.sqrt(view.k) * (n > 3000 ? 0.8 : 1.2)));
    drawn = 0;
    ctx.globalAlpha = isolated === null ? 0.8 : 0.12;
    if (isolated !== null) for (var i = 0; i < n; i++) { var q = P[i]; if (!visible(q)) { ctx.fillStyle = "#bbb"; dot(q, r); } }
    ctx.globalAlpha = 0.85;
    for (var j = 0; j < n; j++) {
      var p = P[j];
      if (!visible(p)) continue;
      ctx.fillStyle = colourOf(p); dot(p, r); drawn++;
    }
    ctx.globalAlpha = 1;
    if (hover >= 0) { var h = P[hover]; ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(sx(h[0]), sy(h[1]), r + 3, 0, 7); ctx.stroke(); }
    if (document.getElementById("labels").checked) {
      ctx.font = "bold 12px 'DejaVu Sans', Arial, sans-serif"; ctx.textAlign = "center"; ctx.lineJoin = "round";
      for (var c = 0; c < data.clusters.length; c++) {
        var L = data.clusters[c], text = L.terms.join(" \u00b7 ");
        ctx.lineWidth = 4; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(text, sx(L.x), sy(L.y) - 8);
        ctx.fillStyle = "#222"; ctx.fillText(text, sx(L.x), sy(L.y) - 8);
      }
    }
    canvas.setAttribute("data-drawn", String(drawn));
  }
  function dot(p, r) { ctx.beginPath(); ctx.arc(sx(p[0]), sy(p[1]), r, 0, 6.2832); ctx.fill(); }

  function nearest(mx, my) {
    var best = -1, bestD = 100;
    for (var i = 0; i < n; i++) {
      var p = P[i]; if (!visible(p)) continue;
      var dx = sx(p[0]) - mx, dy = sy(p[1]) - my, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function showTip(i, mx, my) {
    if (i < 0) { tip.style.display = "none"; return; }
    var p = P[i], s = p[8], rows = [];
    for (var k in s) rows.push("<tr><td>" + esc(k) + "</td><td>" + esc(s[k]) + "</td></tr>");
    var status = p[4] === 1 ? "kept" : p[4] === 0 ? "removed" + (p[9] ? " (" + esc(p[9]) + ")" : "") : "";
    tip.innerHTML = "<div class='dom' style='border-color:" + data.colours[p[2] % data.colours.length] + "'>" + esc(data.domains[p[2]]) + (status ? " \u00b7 " + status : "") + "</div>" +
      "<div class='ins'>" + esc(p[6]) + "</div>" + (p[7] ? "<div class='res'>" + esc(p[7]) + "</div>" : "") +
      "<table>" + rows.join("") + "</table><div class='id'>" + esc(p[5]) + "</div>";
    tip.style.display = "block";
    var box = canvas.getBoundingClientRect(), tw = tip.offsetWidth, th = tip.offsetHeight;
    var left = mx + 16, top = my + 16;
    if (left + tw > box.width) left = mx - tw - 16;
    if (top + th > box.height) top = Math.max(0, box.height - th);
    tip.style.left = Math.max(0, left) + "px"; tip.style.top = top + "px";
  }

  var drag = null;
  canvas.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty }; });
  window.addEventListener("mouseup", function () { drag = null; });
  canvas.addEventListener("mousemove", function (e) {
    var r = canvas.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
    if (drag) { view.tx = drag.tx + e.clientX - drag.x; view.ty = drag.ty + e.clientY - drag.y; hover = -1; showTip(-1); draw(); return; }
    var i = nearest(mx, my);
    if (i !== hover) { hover = i; draw(); }
    showTip(i, mx, my);
  });
  canvas.addEventListener("mouseleave", function () { hover = -1; showTip(-1); draw(); });
  function zoom(f, mx, my) {
    var k = Math.max(0.5, Math.min(60, view.k * f)); f = k / view.k;
    var ox = (W - S) / 2, oy = (H - S) / 2;
    view.tx = (mx - ox) - ((mx - ox) - view.tx) * f;
    view.ty = (my - oy) - ((my - oy) - view.ty) * f;
    view.k = k; draw();
  }
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  document.getElementById("zin").onclick = function () { zoom(1.5, W / 2, H / 2); };
  document.getElementById("zout").onclick = function () { zoom(1 / 1.5, W / 2, H / 2); };
  document.getElementById("zreset").onclick = function () { view = { k: 1, tx: 0, ty: 0 }; draw(); };
  document.getElementById("labels").onchange = draw;
  document.getElementById("colour").onchange = function (e) { mode = e.target.value; buildLegend(); draw(); };

  function isolate(d) { isolated = d; buildLegend(); draw(); }
  function buildLegend() {
    var html = "";
    if (mode === "domain") {
      for (var d = 0; d < data.domains.length; d++) {
        var cls = isolated === null || isolated === d ? "" : " off";
        html += "<button class='item" + cls + "' data-d='" + d + "'><span class='sw' style='background:" + data.colours[d % data.colours.length] + "'></span>" +
          esc(data.domains[d]) + " <span class='cnt'>" + data.domainCounts[d] + "</span></button>";
      }
      html += "<p class='hint'>Click a domain to show it alone; click again to show all.</p>";
    } else if (mode === "toxicity") {
      html = "<div class='ramp'></div><div class='rampl'><span>0</span><span>0.5</span><span>1</span></div><p class='hint'>toxicity_score; grey: no score</p>";
    } else {
      html = "<div class='item'><span class='sw' style='background:#2c7fb8'></span>kept</div><div class='item'><span class='sw' style='background:#e34a33'></span>removed</div><div class='item'><span class='sw' style='background:#999'></span>not filtered</div>";
    }
    if (mode !== "domain" && isolated !== null) html += "<button class='item' id='showall'>showing " + esc(data.domains[isolated]) + " only: show all</button>";
    legend.innerHTML = html;
    var all = document.getElementById("showall");
    if (all) all.onclick = function () { isolate(null); };
    var items = legend.querySelectorAll("button.item");
    for (var i = 0; i < items.length; i++) items[i].onclick = function () { var d = Number(this.getAttribute("data-d")); isolate(isolated === d ? null : d); };
  }

  window.__sieveMap = {
    pointCount: n,
    get drawnCount() { return drawn; },
    screenPosition: function (i) { var r = canvas.getBoundingClientRect(); return { x: r.left + sx(P[i][0]), y: r.top + sy(P[i][1]) }; },
    isolate: function (name) { var d = data.domains.indexOf(name); isolate(d < 0 ? null : d); },
    setColour: function (m) { mode = m; document.getElementById("colour").value = m; buildLegend(); draw(); }
  };
  canvas.setAttribute("data-point-count", String(n));
  buildLegend();
  window.addEventListener("resize", resize);
  resize();
})();
`;
