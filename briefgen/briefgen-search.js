/*
 * briefgen: Material's search box, answered by Pagefind's chunked index.
 *
 * Material's own search downloads the whole index (one JSON file holding every page) before
 * the first result; Pagefind fetches only the chunks a query needs.  This script keeps
 * Material's search box, overlay and result list (same markup, same styles) and takes over
 * the query: it runs before Material mounts its components (on DOMContentLoaded), renames the
 * search element so Material leaves it alone, and answers keystrokes from /pagefind/.
 * Source text never becomes live HTML: titles are set as text, and excerpts keep only the
 * <mark> elements Pagefind puts around matched words.
 */
(function () {
  "use strict";
  var box = document.querySelector('[data-md-component="search"]');
  if (!box) return;
  box.removeAttribute("data-md-component");
  box.setAttribute("data-bg-search", "");
  var form = box.querySelector("form");
  var input = box.querySelector('[data-md-component="search-query"]');
  var result = box.querySelector('[data-md-component="search-result"]');
  if (!form || !input || !result) return;
  input.removeAttribute("data-md-component");
  result.removeAttribute("data-md-component");
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base || ".", location.href);
  var pagefind = null;
  var latest = 0;
  var SHOWN = 10;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
          return pf;
        });
      });
    }
    return pagefind;
  }

  function excerpt(html) {
    var p = document.createElement("p");
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function say(text) {
    meta.textContent = text;
  }

  /*
   * A name typed in full opens its own page first.  Pagefind ranks by BM25, so a name that
   * many stories use ("Mac") scores below rarer words that merely start with it ("MacWorld",
   * "Macfarlane"): measured at 10,000 briefings, the page of "Mac" came 34th of 660 results.
   * An entity page's address is its name as a slug (briefgen/slug.py), so the query's slug
   * says where that page would be; one request finds out, and reads the page's title from
   * its first bytes.  Only ASCII letters are spelled here as the Python side does; any other
   * query is answered by Pagefind's order alone.
   */
  var pinned = new Map();

  function slugOf(query) {
    var words = query.replace(/['\u2019]/g, "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (/[^\x00-\x7f]/.test(words)) return "";
    var slug = words.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 80) slug = slug.slice(0, 80).replace(/-[^-]*$/, "") || slug.slice(0, 80);
    return slug === "index" ? "" : slug;
  }

  function siteName() {
    var name = document.querySelector(".md-header__topic .md-ellipsis");
    return name ? name.textContent.trim() : "";
  }

  function readTitle(response) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var text = "";
    function more() {
      return reader.read().then(function (chunk) {
        if (!chunk.done) text += decoder.decode(chunk.value, { stream: true });
        var found = /<title>([^<]*)<\/title>/.exec(text);
        if (found || chunk.done || text.length > 65536) {
          reader.cancel().catch(function () {});
          if (!found) return "";
          var title = new DOMParser().parseFromString("<title>" + found[1] + "</title>", "text/html").title;
          var suffix = " - " + siteName();
          return title.endsWith(suffix) ? title.slice(0, -suffix.length) : title;
        }
        return more();
      });
    }
    return more();
  }

  function namedPage(query) {
    var slug = slugOf(query);
    if (!slug) return Promise.resolve(null);
    if (!pinned.has(slug)) {
      var url = new URL("entities/" + slug + "/", base);
      pinned.set(slug, fetch(url.href)
        .then(function (response) {
          if (!response.ok || !response.body) {
            if (response.body) response.body.cancel().catch(function () {});
            return null;
          }
          return readTitle(response).then(function (title) {
            return title ? { url: url.pathname, meta: { title: title }, excerpt: "" } : null;
          });
        })
        .catch(function () {
          return null;
        }));
    }
    return pinned.get(slug);
  }

  /* The results to show for a finished search: the named page first, then Pagefind's. */
  function shown(query, search) {
    return Promise.all([
      namedPage(query),
      Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); })),
    ]).then(function (both) {
      var pin = both[0];
      var data = both[1];
      if (!pin) return data;
      var rest = data.filter(function (d) { return d.url !== pin.url; });
      var own = data.find(function (d) { return d.url === pin.url; });
      return [own || pin].concat(rest).slice(0, SHOWN);
    });
  }

  /* The URLs a query lists, in order (the benchmark and tests ask the page itself). */
  window.briefgenSearch = function (query) {
    return load()
      .then(function (pf) { return pf.search(query); })
      .then(function (search) { return shown(query, search); })
      .then(function (data) { return data.map(function (d) { return d.url; }); });
  };

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      list.hidden = true;
      say("Type to start searching");
      return;
    }
    load()
      .then(function (pf) {
        return pf.debouncedSearch(query, {}, 80);
      })
      .then(function (search) {
        if (search === null || ticket !== latest) return null;
        return shown(query, search).then(function (data) {
          if (ticket !== latest) return;
          var n = Math.max(search.results.length, data.length);
          say(n === 0 ? "No matching documents" : n === 1 ? "1 matching document" : n + " matching documents");
          list.replaceChildren.apply(list, data.map(item));
          list.hidden = n === 0;
          result.setAttribute("data-bg-results", String(n));
        });
      })
      .catch(function (err) {
        if (ticket === latest) say("Search is unavailable here: " + err.message);
      });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    input.focus();
    load();
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", load);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = links()[0];
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(run, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) open();
    });
  }
  document.addEventListener(
    "keydown",
    function (ev) {
      var searching = toggle ? toggle.checked : document.activeElement === input;
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((document.activeElement || {}).tagName || "");
      if (!searching) {
        if (!typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && /^[fs/]$/.test(ev.key)) {
          ev.preventDefault();
          ev.stopImmediatePropagation();
          open();
        }
        return;
      }
      if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        var all = links();
        if (!all.length) return;
        ev.preventDefault();
        var at = all.indexOf(document.activeElement);
        var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) input.focus();
        else all[Math.min(next, all.length - 1)].focus();
      }
    },
    true
  );
})();
