/* Search: the header's search box, answered by Pagefind.
 *
 * Pagefind's index is split into small chunks built after MkDocs (site/pagefind/):
 * a search downloads pagefind.js, its WebAssembly and only the chunks and page
 * fragments the query needs, never one index of the whole site. Everything is
 * addressed relative to this script, so the site works under a sub-path and
 * asks no other host for anything.
 */
(function () {
  "use strict";

  var SHOWN = 10;       // pages listed per query
  var SECTIONS = 3;     // matching sections listed under each page
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href); // the site's root: this file is assets/search.js
  var engine = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return module.init();
        }).then(function () { return module; });
      });
    }
    return engine;
  }

  /* An excerpt is text with <mark> around the matched words. It is rebuilt here from text nodes
     and <mark> elements only, so nothing in a page's text can become live markup. */
  function excerptNode(html) {
    var parsed = new DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html").body;
    var p = document.createElement("p");
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function resultItem(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var entries = [{ url: data.url, title: (data.meta && data.meta.title) || data.url, excerpt: data.excerpt, page: true }];
    (data.sub_results || []).forEach(function (sub) {
      // A section whose excerpt is the page's own adds nothing but length.
      if (entries.length <= SECTIONS && sub.url !== data.url && sub.excerpt !== data.excerpt) {
        entries.push({ url: sub.url, title: sub.title, excerpt: sub.excerpt, page: false });
      }
    });
    entries.forEach(function (entry) {
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = entry.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset" + (entry.page ? " md-search-result__article--document" : "");
      if (entry.page) {
        var icon = document.createElement("div");
        icon.className = "md-search-result__icon md-icon";
        article.appendChild(icon);
      }
      var heading = document.createElement(entry.page ? "h1" : "h2");
      heading.textContent = entry.title;
      article.appendChild(heading);
      article.appendChild(excerptNode(entry.excerpt));
      link.appendChild(article);
      li.appendChild(link);
    });
    return li;
  }

  function init() {
    var dialog = document.querySelector("[data-bf-search]");
    var toggle = document.getElementById("__search");
    if (!dialog || !toggle) return;
    var form = dialog.querySelector("form");
    var input = dialog.querySelector(".md-search__input");
    var meta = dialog.querySelector(".md-search-result__meta");
    var list = dialog.querySelector(".md-search-result__list");
    var idle = meta.textContent.trim();
    var asked = 0; // the latest query: answers to older ones are dropped

    function open() {
      if (!toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      pagefind(); // start fetching while the reader types
    }

    function close() {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      input.blur();
    }

    function show(query) {
      var mine = ++asked;
      if (!query.trim()) {
        meta.textContent = idle;
        list.replaceChildren();
        return;
      }
      pagefind().then(function (pf) {
        return pf.debouncedSearch(query, {}, 150);
      }).then(function (search) {
        if (!search || mine !== asked) return null;
        var count = search.results.length;
        var wanted = search.results.slice(0, SHOWN);
        meta.textContent = count === 0 ? "No matching documents"
          : count === 1 ? "1 matching document" : count + " matching documents";
        if (!wanted.length) {
          list.replaceChildren();
          return null;
        }
        // The best result is fetched and shown on its own first: one page's fragment stands
        // between the reader and a first answer, whatever the size of the others.
        return wanted[0].data().then(function (best) {
          if (mine !== asked) return null;
          list.replaceChildren(resultItem(best));
          return Promise.all(wanted.slice(1).map(function (r) { return r.data(); })).then(function (rest) {
            if (mine !== asked) return;
            rest.forEach(function (data) { list.appendChild(resultItem(data)); });
          });
        });
      }).catch(function (error) {
        meta.textContent = "Search is not available: " + error.message;
      });
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () { show(input.value); });
    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        pagefind();
        if (document.activeElement !== input) setTimeout(function () { input.focus(); }, 0);
      }
    });
    form.addEventListener("reset", function () { setTimeout(function () { show(""); input.focus(); }, 0); });
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter opens the first result
      var first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var links = Array.prototype.slice.call(list.querySelectorAll("a"));
        if (!links.length) return;
        event.preventDefault();
        var at = links.indexOf(document.activeElement);
        var next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
        (next < 0 ? input : links[next]).focus();
      }
    });
    // "/" or "s" opens search from anywhere that is not a text field, as in Material.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
