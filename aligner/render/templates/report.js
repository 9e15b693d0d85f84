/* aligner report: highlight counterparts, filter by kind, jump between differences, switch order.
   All maps are precomputed in Python (#aligner-data); nothing here is quadratic. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("aligner-data").textContent);
  var links = data.links || {};
  var orders = data.orders || {};
  var grid = document.getElementById("rows");
  var status = document.getElementById("status");
  var toolbar = document.querySelector(".toolbar");
  var lit = [];        // elements currently highlighted
  var pinned = null;   // sentence whose counterparts stay lit after a click
  var current = null;  // row reached by the difference keys

  function byId(id) { return document.getElementById(id); }

  function clear() {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("hl", "hl-self");
    lit = [];
  }

  function light(s) {
    clear();
    if (!s) return [];
    s.classList.add("hl-self");
    lit.push(s);
    var ids = links[s.id] || [];
    var found = [];
    for (var i = 0; i < ids.length; i++) {
      var e = byId(ids[i]);
      if (e) { e.classList.add("hl"); lit.push(e); found.push(e); }
    }
    return found;
  }

  function outOfView(e) {
    var r = e.getBoundingClientRect();
    var top = toolbar ? toolbar.getBoundingClientRect().bottom : 0;
    return r.bottom < top || r.top > window.innerHeight;
  }

  function pin(s, scroll) {
    pinned = s;
    var found = light(s);
    if (!scroll) return;
    for (var i = 0; i < found.length; i++) {
      if (found[i].offsetParent !== null && outOfView(found[i])) {
        found[i].scrollIntoView({ block: "center" });
        break;
      }
    }
  }

  function sentence(target) {
    return target && target.closest ? target.closest(".s") : null;
  }

  grid.addEventListener("mouseover", function (ev) {
    var s = sentence(ev.target);
    if (s) light(s);
  });
  grid.addEventListener("mouseleave", function () { light(pinned); });
  grid.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var s = sentence(ev.target);
    if (s) pin(s, true);
  });
  grid.addEventListener("focusin", function (ev) {
    var s = sentence(ev.target);
    if (s) pin(s, true);
  });
  grid.addEventListener("keydown", function (ev) {
    var s = sentence(ev.target);
    if (s && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); pin(s, true); }
  });

  function setPressed(attr, value) {
    var buttons = document.querySelectorAll("[" + attr + "]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute(attr) === value ? "true" : "false");
    }
  }

  function visibleRows() {
    var rows = grid.querySelectorAll(".row"), n = 0;
    for (var i = 0; i < rows.length; i++) if (!rows[i].hidden && rows[i].offsetParent !== null) n++;
    return n;
  }

  function announce(text) { if (status) status.textContent = text; }

  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function setFilter(key) {
    grid.setAttribute("data-filter", key);
    setPressed("data-filter", key);
    announce(plural(visibleRows(), "row") + " shown");
  }

  function setOrder(key) {
    var ids = orders[key];
    if (!ids) return;
    var listed = {}, frag = document.createDocumentFragment(), i, e;
    for (i = 0; i < ids.length; i++) {
      e = byId(ids[i]);
      if (!e) continue;
      listed[ids[i]] = true;
      e.hidden = false;
      frag.appendChild(e);
    }
    var rows = grid.querySelectorAll(".row");
    for (i = 0; i < rows.length; i++) {
      if (!listed[rows[i].id]) { rows[i].hidden = true; frag.appendChild(rows[i]); }
    }
    grid.appendChild(frag);
    var notes = grid.querySelectorAll("[data-only]");
    for (i = 0; i < notes.length; i++) {
      var only = notes[i].getAttribute("data-only");
      notes[i].hidden = only !== "" && only !== key;
    }
    grid.setAttribute("data-order", key);
    setPressed("data-order", key);
    announce(key === "src" ? "original order" : "translation order");
  }

  function diffRows() {
    var all = grid.querySelectorAll(".row.diff"), out = [];
    for (var i = 0; i < all.length; i++) if (!all[i].hidden && all[i].offsetParent !== null) out.push(all[i]);
    return out;
  }

  function jump(step) {
    var rows = diffRows();
    if (!rows.length) { announce("no differences shown"); return; }
    var from = current && !current.hidden && current.offsetParent !== null ? current : null;
    var active = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".row") : null;
    if (active) from = active;
    var target = null, i;
    if (!from) {
      target = step > 0 ? rows[0] : rows[rows.length - 1];
    } else if (step > 0) {
      for (i = 0; i < rows.length; i++) {
        if (from.compareDocumentPosition(rows[i]) & Node.DOCUMENT_POSITION_FOLLOWING) { target = rows[i]; break; }
      }
    } else {
      for (i = rows.length - 1; i >= 0; i--) {
        if (from.compareDocumentPosition(rows[i]) & Node.DOCUMENT_POSITION_PRECEDING) { target = rows[i]; break; }
      }
    }
    if (!target) { announce(step > 0 ? "last difference reached" : "first difference reached"); return; }
    if (current) current.classList.remove("current");
    current = target;
    target.classList.add("current");
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    if (history.replaceState) history.replaceState(null, "", "#" + target.id);
    var idx = rows.indexOf(target);
    announce("difference " + (idx + 1) + " of " + rows.length);
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("button") : null;
    if (!b) return;
    if (b.hasAttribute("data-filter")) setFilter(b.getAttribute("data-filter"));
    else if (b.hasAttribute("data-order")) setOrder(b.getAttribute("data-order"));
    else if (b.hasAttribute("data-jump")) jump(b.getAttribute("data-jump") === "next" ? 1 : -1);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (ev.key === "n" || ev.key === "j") { ev.preventDefault(); jump(1); }
    else if (ev.key === "p" || ev.key === "k") { ev.preventDefault(); jump(-1); }
    else if (ev.key === "Escape") { pinned = null; clear(); }
  });

  function fitHeader() {
    if (toolbar) document.documentElement.style.setProperty("--toolbar-h", toolbar.offsetHeight + "px");
  }
  window.addEventListener("resize", fitHeader);
  fitHeader();
  document.documentElement.classList.add("js");
})();
