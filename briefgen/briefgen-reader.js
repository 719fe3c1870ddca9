/* briefgen: cards on names and quotes; links and zoom on the map.
 *
 * Why a script of our own: Material's tooltips show a title's text on hover or focus only, so
 * a phone never sees them, and its instant previews fetch the linked page (nothing to fetch
 * for a quote or a name without a page).  A card here is drawn from data-bg-* attributes the
 * page already carries: no request, and every value is set as text (textContent), never as
 * markup.  Listeners sit on the document, so pages swapped in by instant navigation work too.
 *
 * Mouse: hover opens, leaving the name and the card closes.  Touch: the first tap on a name
 * opens its card, a second tap follows the link.  Keyboard: focusing a name or a quote opens
 * its card, Enter on a quote toggles it, Escape closes.  The card is absolutely positioned
 * over the text, so nothing moves while reading.
 */
(function () {
  "use strict";

  var card = null; // the one card element, made on first use
  var owner = null; // the name or quote whose card is open
  var showTimer = 0;
  var hideTimer = 0;
  var pointer = "mouse"; // the kind of the last pointerdown
  var openAtDown = null; // the card owner when the last pointerdown happened

  function triggerOf(node) {
    return node && node.closest ? node.closest("[data-bg-card]") : null;
  }

  function inCard(node) {
    return card !== null && node instanceof Node && card.contains(node);
  }

  function add(parent, tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function fill(t) {
    var d = t.dataset;
    card.textContent = "";
    if (d.bgCard === "quote") {
      add(card, "strong", "bg-card__name", "Said by " + d.bgSpeaker);
      if (d.bgRole) add(card, "span", "bg-card__role", d.bgRole);
      if (d.bgCue) add(card, "span", "bg-card__line", "Attributed by: \u201c" + d.bgCue + "\u201d");
      if (d.bgHref) {
        // A speaker quoted in one briefing only has no page: the link is their glossary entry.
        var page = add(
          card, "a", "bg-card__link",
          d.bgPage ? d.bgSpeaker + ": every briefing and quote" : "Glossary entry"
        );
        page.href = d.bgHref;
      }
      return;
    }
    add(card, "strong", "bg-card__name", d.bgName);
    add(card, "span", "bg-card__type", d.bgType);
    var role = null;
    function showRole(text, from) {
      role = add(card, "span", "bg-card__role", text);
      if (from) add(role, "span", "bg-card__from", " (as given in " + from + ")");
    }
    if (d.bgRole) showRole(d.bgRole, d.bgRoleFrom);
    var aliases = d.bgAliases ? add(card, "span", "bg-card__line", "Also: " + d.bgAliases) : null;
    var mentioned = add(card, "span", "bg-card__line", "");
    var link = add(
      card, "a", "bg-card__link", d.bgPage ? "Open the page of " + d.bgName : "Glossary entry"
    );
    link.href = t.getAttribute("href") || "";
    if (d.bgBriefings) {
      mentioned.textContent = "Mentioned in " + plural(parseInt(d.bgBriefings, 10), "briefing");
    } else if (d.bgPage) {
      facts(link.href, function (f) {
        if (owner !== t || f === null) return;
        if (f.count !== null) mentioned.textContent = "Mentioned in " + plural(f.count, "briefing");
        if (!d.bgRole && f.role) {
          showRole(f.role, f.roleFrom);
          card.insertBefore(role, aliases || mentioned);
        }
        if (f.aliases) {
          if (aliases === null) {
            aliases = add(card, "span", "bg-card__line", "");
            card.insertBefore(aliases, mentioned);
          }
          aliases.textContent = "Also: " + f.aliases;
        }
        place(t);
      });
    }
  }

  /* What the site knows of a name with a page (its briefing count, the role most briefings
   * give and where from, every alias) lives on that page, so that a new story does not change
   * every story that names the same person; it is read from there once, when a card first
   * needs it.  The briefing itself carries only what it says of the name. */
  var known = {};
  function facts(href, done) {
    var key = href.split("#")[0];
    if (key in known) {
      if (known[key] !== undefined) done(known[key]);
      else known[key + "#waiting"].push(done);
      return;
    }
    known[key] = undefined;
    known[key + "#waiting"] = [done];
    fetch(key)
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var el = new DOMParser().parseFromString(html, "text/html").querySelector("[data-bg-count]");
        if (!el) return null;
        return {
          count: parseInt(el.getAttribute("data-bg-count"), 10),
          role: el.getAttribute("data-bg-role"),
          roleFrom: el.getAttribute("data-bg-role-from"),
          aliases: el.getAttribute("data-bg-aliases")
        };
      })
      .catch(function () { return null; })
      .then(function (f) {
        known[key] = f;
        known[key + "#waiting"].forEach(function (g) { g(f); });
      });
  }

  function place(t) {
    var rects = t.getClientRects();
    var first = rects[0] || t.getBoundingClientRect();
    var last = rects[rects.length - 1] || first;
    var vw = document.documentElement.clientWidth;
    card.style.maxWidth = Math.min(320, vw - 16) + "px";
    card.style.left = "0px";
    card.style.top = "0px";
    var w = card.offsetWidth;
    var h = card.offsetHeight;
    var left = Math.max(8, Math.min(last.left, vw - w - 8));
    var top = last.bottom + 6;
    if (top + h > window.innerHeight && first.top - h - 6 > 0) top = first.top - h - 6;
    card.style.left = Math.round(left + window.scrollX) + "px";
    card.style.top = Math.round(top + window.scrollY) + "px";
  }

  function open(t) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (card === null) {
      card = document.createElement("div");
      card.id = "bg-card";
      card.className = "bg-card";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      document.body.appendChild(card);
    }
    if (owner && owner !== t) owner.removeAttribute("aria-describedby");
    owner = t;
    fill(t);
    card.hidden = false;
    place(t);
    t.setAttribute("aria-describedby", "bg-card");
    t.setAttribute("data-bg-open", "");
  }

  function close() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (card !== null) card.hidden = true;
    if (owner !== null) {
      owner.removeAttribute("aria-describedby");
      owner.removeAttribute("data-bg-open");
    }
    owner = null;
  }

  function closeSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(close, 250);
  }

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType !== "mouse") return;
    var t = triggerOf(e.target);
    if (t !== null) {
      clearTimeout(hideTimer);
      if (t !== owner) {
        clearTimeout(showTimer);
        showTimer = setTimeout(function () { open(t); }, 150);
      }
    } else if (inCard(e.target)) {
      clearTimeout(hideTimer);
    }
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType !== "mouse") return;
    var from = triggerOf(e.target);
    if (from === null && !inCard(e.target)) return;
    var to = e.relatedTarget;
    if (to && ((owner && owner.contains(to)) || inCard(to) || triggerOf(to) === from)) return;
    clearTimeout(showTimer);
    if (owner !== null) closeSoon();
  });

  document.addEventListener("pointerdown", function (e) {
    pointer = e.pointerType || "mouse";
    openAtDown = owner;
  }, true);

  document.addEventListener("click", function (e) {
    var t = triggerOf(e.target);
    if (pointer === "mouse") {
      if (t === null && !inCard(e.target)) close();
      return;
    }
    if (t !== null) {
      if (openAtDown !== t) {
        // First tap: show what the name is; the card's link (or a second tap) goes there.
        e.preventDefault();
        open(t);
      } else if (!t.hasAttribute("href")) {
        close();
      }
      return;
    }
    if (!inCard(e.target)) close();
  });

  document.addEventListener("focusin", function (e) {
    var t = triggerOf(e.target);
    if (t !== null && t.matches(":focus-visible")) {
      open(t);
    } else if (owner !== null && !inCard(e.target) && e.target !== owner) {
      close();
    }
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && owner !== null) {
      close();
      return;
    }
    var t = triggerOf(e.target);
    if (t !== null && t === e.target && !t.hasAttribute("href")
        && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      if (owner === t) close(); else open(t);
    }
  });

  window.addEventListener("resize", function () { if (owner !== null) place(owner); });

  /* The map.  Its picture is drawn at build time and is in the page, so it shows with the
   * page's first frames; this adds what a picture cannot do by itself, once it is on screen:
   * - links: one per name, over its dot, so a tap, a click or Enter opens a name's page.  They
   *   are made from the list under the map (its links are already the site's URLs), not sent
   *   twice: the list's n-th name of a type is the n-th circle of that type's dots path, and
   *   the path's data-bg-named says how many of them are labelled in the picture;
   * - a filter by type: each unticked box hides its group's dots, names and lines;
   * - zoom: the buttons change the drawing's width in a frame that scrolls, so a finger, a
   *   trackpad or a mouse drag pans it.  Names without a label at the first size show theirs
   *   when zoomed.
   * The boxes and buttons are in the page from the start, shown once they work. */
  function afterPaint(fn) {
    // The frame callback runs just before the next frame is drawn; the timeout, after it.
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  var SVG = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  // As briefgen.graph._label shortens a name under its dot.
  function shortName(name) {
    return name.length <= 22 ? name : name.slice(0, 21).replace(/\s+$/, "") + "\u2026";
  }

  function linkUp(map) {
    var svg = map.querySelector("svg.bg-map-graph");
    if (!svg || svg.querySelector("a.bg-node")) return;
    var paths = svg.querySelectorAll("path.bg-dots");
    var lists = map.parentNode.querySelectorAll(":scope > .bg-map ~ ul");
    if (lists.length !== paths.length) return; // not the page this script knows: leave the image
    var width = svg.viewBox.baseVal.width;
    var made = document.createDocumentFragment();
    for (var k = 0; k < paths.length; k++) {
      var type = (paths[k].getAttribute("class").match(/bg-t-([a-z]+)/) || ["", "other"])[1];
      var named = parseInt(paths[k].getAttribute("data-bg-named"), 10) || 0;
      var circles = paths[k].getAttribute("d").match(/M-?[\d.]+ -?[\d.]+a[\d.]+/g) || [];
      var names = lists[k].querySelectorAll(":scope > li > a:first-child");
      if (circles.length !== names.length) return;
      for (var i = 0; i < circles.length; i++) {
        var m = circles[i].match(/M(-?[\d.]+) (-?[\d.]+)a([\d.]+)/);
        var r = parseFloat(m[3]);
        var x = parseFloat(m[1]) + r;
        var y = parseFloat(m[2]);
        var name = names[i].textContent;
        var a = svgEl("a", {
          href: names[i].getAttribute("href"),
          "class": "bg-node bg-t-" + type + (i < named ? "" : " bg-minor"),
          "aria-label": name
        });
        a.appendChild(svgEl("circle", {
          "class": "bg-hit", cx: Math.round(x), cy: Math.round(y), r: Math.max(r + 2, 11)
        }));
        if (i >= named) {
          // Its label, shown when zoomed, hovered or focused; left of the middle it reads
          // leftwards, as the picture's labels do.
          var left = x < width / 2;
          var label = svgEl("text", {
            x: Math.round(left ? x - r - 3 : x + r + 3), y: Math.round(y + 4)
          });
          if (left) label.setAttribute("text-anchor", "end");
          label.textContent = shortName(name);
          a.appendChild(label);
        }
        made.appendChild(a);
      }
    }
    svg.appendChild(made);
    // Now a group of links rather than an image: its names are reachable one by one.
    svg.setAttribute("role", "group");
  }

  var drag = null; // the frame being dragged with the mouse, and where the drag started

  function zoomable(map) {
    var frame = map.querySelector(".bg-pan");
    var svg = frame ? frame.querySelector("svg") : null;
    if (!svg) return;
    var scale = 1;
    function set(next) {
      var keep = (frame.scrollLeft + frame.clientWidth / 2) / (frame.scrollWidth || 1);
      var keepY = (frame.scrollTop + frame.clientHeight / 2) / (frame.scrollHeight || 1);
      scale = Math.max(1, Math.min(4, next));
      svg.style.width = scale * 100 + "%";
      svg.style.maxWidth = scale > 1 ? "none" : "";
      frame.classList.toggle("bg-zoomed", scale >= 1.5);
      frame.scrollLeft = keep * frame.scrollWidth - frame.clientWidth / 2;
      frame.scrollTop = keepY * frame.scrollHeight - frame.clientHeight / 2;
    }
    map.querySelectorAll("button[data-bg-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.getAttribute("data-bg-zoom");
        set(step === "in" ? scale * 1.5 : step === "out" ? scale / 1.5 : 1);
      });
    });
    frame.addEventListener("pointerdown", function (e) {
      if (e.pointerType !== "mouse" || scale === 1) return;
      drag = { frame: frame, x: e.clientX, y: e.clientY, left: frame.scrollLeft,
               top: frame.scrollTop };
    });
    frame.addEventListener("pointermove", function (e) {
      if (drag === null || drag.frame !== frame) return;
      frame.scrollLeft = drag.left - (e.clientX - drag.x);
      frame.scrollTop = drag.top - (e.clientY - drag.y);
    });
    map.classList.add("bg-ready");
  }

  function filterable(map) {
    map.querySelectorAll("input[id^='bg-show-']").forEach(function (box) {
      var hide = "bg-hide-" + box.id.slice("bg-show-".length);
      function apply() { map.classList.toggle(hide, !box.checked); }
      box.addEventListener("change", apply);
      apply(); // a box the browser restored unticked (back button) hides its group at once
    });
  }

  document.addEventListener("pointerup", function () { drag = null; });

  function mapSetup(map) {
    if (map.dataset.bgSetup) return;
    map.dataset.bgSetup = "1";
    afterPaint(function () {
      linkUp(map);
      filterable(map);
      zoomable(map);
    });
  }

  function setup() {
    close();
    document.querySelectorAll(".bg-map").forEach(mapSetup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
