/* Search: the header's search box, answered by Pagefind.
 *
 * Pagefind's index is split into small chunks built after MkDocs (site/pagefind/, and for a large site
 * the parts pagefind/parts.json lists):
 * a search downloads pagefind.js, its WebAssembly and only the chunks and page
 * fragments the query needs, never one index of the whole site. Everything is
 * addressed relative to this script, so the site works under a sub-path and
 * asks no other host for anything.
 *
 * In `briefing serve` only (the page says so: a meta bf-preview-search), the pages rebuilt since the
 * whole index was written have an index of their own (builder/publish/search_delta.py): it is merged
 * into the search, and the whole index's stale entries of those pages are dropped from the results.
 */
(function () {
  "use strict";

  var SHOWN = 10;       // pages listed at once: "Show more" adds as many again, to the last
  var PAUSE_MS = 150;   // a query is searched once the reader has stopped typing this long
  var SECTIONS = 3;     // matching sections listed under each page
  var PARAM = "q";      // ?q=words in the address opens the search with them (a search can be shared)
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href); // the site's root: this file is assets/search.js
  var engine = null;
  var delta = document.querySelector('meta[name="bf-preview-search"]');
  var listing = delta ? new URL(delta.getAttribute("content"), location.href) : null; // the delta's current.json
  var stale = {}; // the whole index's entries (Pagefind's page ids) the delta's replace

  var shared = window.bfWords; // assets/words.js: the words in the readers' language
  var message = shared.message;
  var counted = shared.counted;
  var formatted = shared.formatted;

  function options() {
    return { baseUrl: root.pathname, excerptLength: 24 };
  }

  function pagefind() {
    if (!engine) {
      var parts = otherParts(); // asked for while pagefind.js loads
      parts.catch(function () {}); // its failure is the search's, once pagefind.js has loaded
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options(options()).then(function () {
          return module.init();
        }).then(function () {
          return parts;
        }).then(function (folders) {
          return Promise.all(folders.map(function (folder) {
            return module.mergeIndex(new URL("pagefind/" + folder, root).pathname, options());
          }));
        }).then(function () {
          return listing ? mergeDelta(module) : null;
        }).then(function () { return module; });
      });
    }
    return engine;
  }

  /* A large site's index is written in parts (builder/publish/search.py): the first is pagefind/ itself,
     the others are listed in pagefind/parts.json and merged into the search. No list (an index written
     before parts were) is one part; a list that cannot be read fails the search, rather than have it
     answer from a part of the pages. */
  function otherParts() {
    return fetch(new URL("pagefind/parts.json", root).href).then(function (response) {
      if (response.status === 404) return { parts: [] };
      if (!response.ok) throw new Error("pagefind/parts.json: " + response.status);
      return response.json();
    }).then(function (listed) {
      return Array.isArray(listed && listed.parts) ? listed.parts.filter(function (folder) {
        return /^part-\d+\/$/.test(folder);
      }) : [];
    });
  }

  /* The preview's index of the pages rebuilt since the whole index: merged, and the whole index's
     entries of those pages marked stale. Without one (or if it cannot be read), the whole index answers alone. */
  function mergeDelta(module) {
    return fetch(listing.href, { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (current) {
      if (!current || typeof current.bundle !== "string") return null;
      return module.mergeIndex(new URL(current.bundle, listing).pathname, options()).then(function () {
        (current.stale || []).forEach(function (id) { stale[id] = true; });
      });
    }).catch(function () { return null; });
  }

  function squash(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  /* The indexed text keeps the space before a citation left out of it ("two years [1]." reads "two years ."). */
  function closeUp(text) {
    return text.replace(/\s+([.,;:!?)]+)(?=\s|$)/g, "$1");
  }

  /* An excerpt is text with <mark> around the matched words. It is rebuilt here from text nodes
     and <mark> elements only, so nothing in a page's text can become live markup. Pagefind cuts it
     out of the page's text by words: an ellipsis says where it starts or ends inside the text. */
  function excerptNode(html, content) {
    var parsed = new DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html").body;
    var p = document.createElement("p");
    var plain = closeUp(squash(parsed.textContent));
    var whole = closeUp(squash(content));
    var at = plain ? whole.indexOf(plain) : -1;
    var ends = /[.!?:;]["'\u201d)]?$/; // the end of a sentence, or of a clause the text stops at
    var cutBefore = plain && at !== 0 && !(at > 0 && ends.test(whole.slice(0, at).trim()));
    var cutAfter = plain && (at < 0 || squash(whole.slice(at + plain.length)) !== "") && !ends.test(plain);
    if (cutBefore) p.appendChild(document.createTextNode("\u2026 "));
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(closeUp(node.textContent)));
      }
    });
    if (cutAfter) p.appendChild(document.createTextNode(" \u2026"));
    return p;
  }

  function resultItem(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var kind = data.meta && data.meta.kind;
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
      link.tabIndex = -1; // Tab goes on past the results; the arrow keys walk them
      link.href = entry.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset" + (entry.page ? " md-search-result__article--document" : "");
      if (entry.page) {
        var icon = document.createElement("div");
        icon.className = "md-search-result__icon md-icon";
        article.appendChild(icon);
      }
      var heading = document.createElement(entry.page ? "h1" : "h2");
      if (entry.page && kind) {
        // What the result is (a theme, a source, a person...), before its title, read with it.
        var label = document.createElement("span");
        label.className = "bf-result-kind";
        label.textContent = kind;
        heading.appendChild(label);
        heading.appendChild(document.createTextNode(" "));
      }
      heading.appendChild(document.createTextNode(entry.title));
      article.appendChild(heading);
      article.appendChild(excerptNode(entry.excerpt, data.content));
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
    var returnTo = null; // where focus was before the search opened: it goes back there on close

    function open() {
      if (!toggle.checked) {
        var before = document.activeElement;
        returnTo = before && before !== document.body && !dialog.contains(before) ? before : null;
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      pagefind(); // start fetching while the reader types
    }

    /* Closed by Escape (focus goes back where it was) or by focus leaving the panel (it stays there). */
    function close(restore) {
      if (!toggle.checked) return;
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      remember("");
      if (dialog.contains(document.activeElement)) input.blur();
      if (restore && returnTo && document.contains(returnTo)) returnTo.focus();
      returnTo = null;
    }

    /* The query in the address (?q=...), so that a search can be shared and reloaded; '' removes it. */
    function remember(query) {
      try {
        var url = new URL(location.href);
        if (query.trim()) url.searchParams.set(PARAM, query);
        else url.searchParams.delete(PARAM);
        if (url.href !== location.href) history.replaceState(history.state, "", url.href);
      } catch (e) {
        /* an address that cannot be rewritten (a file: page in some browsers): the search still works */
      }
    }

    function countText(count) {
      return count === 0 ? message("noResults", "No matching documents")
        : counted("results", count, "%(num)s matching document", "%(num)s matching documents");
    }

    /* Results from `from` on, SHOWN at a time, each page's fragment fetched when it is shown; then a
       button for the next ones. The first is shown on its own first: one page's fragment stands
       between the reader and a first answer, whatever the size of the others. */
    function showFrom(results, from, mine, focusFirst) {
      var wanted = results.slice(from, from + SHOWN);
      if (!wanted.length) return Promise.resolve();
      return wanted[0].data().then(function (best) {
        if (mine !== asked) return null;
        var first = resultItem(best);
        var old = list.querySelector(".bf-more");
        if (from === 0) list.replaceChildren(first);
        else list.insertBefore(first, old);
        if (focusFirst) first.querySelector("a").focus(); // before the button goes: focus stays in the panel
        if (old) old.remove();
        return Promise.all(wanted.slice(1).map(function (r) { return r.data(); })).then(function (rest) {
          if (mine !== asked) return;
          rest.forEach(function (data) { list.appendChild(resultItem(data)); });
          var next = from + wanted.length;
          if (next < results.length) list.appendChild(moreButton(results, next, mine));
          meta.textContent = results.length > next
            ? counted("shown", next, "%(results)s, %(num)s shown", "%(results)s, %(num)s shown",
                      { results: countText(results.length) })
            : countText(results.length);
        });
      });
    }

    function moreButton(results, next, mine) {
      var li = document.createElement("li");
      li.className = "md-search-result__item bf-more";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button bf-more-button";
      button.tabIndex = -1;
      var more = Math.min(SHOWN, results.length - next);
      button.textContent = counted("showMore", more, "Show %(num)s more of %(total)s", "Show %(num)s more of %(total)s",
                                   { total: formatted(results.length) });
      button.addEventListener("click", function () { showFrom(results, next, mine, true); });
      li.appendChild(button);
      return li;
    }

    function show(query) {
      var mine = ++asked;
      remember(query);
      if (!query.trim()) {
        meta.textContent = idle;
        list.replaceChildren();
        return Promise.resolve();
      }
      // Searched once the reader pauses, for the words typed: Pagefind's own debouncedSearch would fetch the
      // index chunks of every prefix on the way ("p", "pr", "pro"...), most of the bytes before a first answer.
      return pagefind().then(function (pf) {
        return new Promise(function (resolve) { setTimeout(resolve, PAUSE_MS); }).then(function () {
          return mine === asked ? pf.search(query) : null;
        });
      }).then(function (search) {
        if (!search || mine !== asked) return null;
        var results = search.results.filter(function (result) { return !stale[result.id]; });
        meta.textContent = countText(results.length);
        if (!results.length) {
          list.replaceChildren();
          return null;
        }
        return showFrom(results, 0, mine, false);
      }).catch(function (error) {
        meta.textContent = message("unavailable", "Search is not available: %(error)s", { error: error.message });
      });
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () { show(input.value); });
    // Focus leaving the panel (Tab past its last stop, a click elsewhere) closes it; switching to
    // another window does not.
    dialog.addEventListener("focusout", function (event) {
      if (!toggle.checked) return;
      var next = event.relatedTarget;
      if (next && dialog.contains(next)) return;
      setTimeout(function () {
        if (toggle.checked && document.hasFocus() && !dialog.contains(document.activeElement)) close(false);
      }, 0);
    });
    toggle.addEventListener("change", function () {
      if (!toggle.checked) remember("");
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
    // Escape closes the search wherever focus is.
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && toggle.checked) {
        event.preventDefault();
        close(true);
      }
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var links = Array.prototype.slice.call(list.querySelectorAll("a, .bf-more-button"));
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
    // ?q=words opens the search with them.
    var shared = new URLSearchParams(location.search).get(PARAM);
    if (shared && shared.trim()) {
      open();
      input.value = shared;
      input.focus();
      show(shared);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
