/* Citation previews and the way back from a cited claim. A preview opens on hover, on Tab or on a tap,
 * never on focus that arrives otherwise (a way back, a #bf-cite-N address).
 *
 * Everything here reads the page's own markup (the reference list li#ref-N),
 * so the site works without this script: previews and the back link are
 * extras on top of plain links.
 */
(function () {
  "use strict";

  var BACK_KEY = "bf-back";
  var SHOW_DELAY = 120;
  var HIDE_DELAY = 250;
  var popover = null;
  var current = null; // the citation whose preview is open
  var showTimer = null;
  var hideTimer = null;
  var lastPointer = "mouse";
  var openBeforeTap = false; // was this citation's preview already open when the finger came down?
  var tabbing = false; // was the last key Tab? Focus that arrives otherwise (a way back, #bf-cite-N) opens no preview

  var shared = window.bfWords; // assets/words.js: the words in the readers' language
  var message = shared.message;
  var counted = shared.counted;

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  /* The entry that describes a citation: li#ref-N of the reference list or, where a source page
     cites its own claims (and has no reference list), the claim itself. */
  function refFor(link) {
    var number = link.getAttribute("data-ref");
    var ref = number ? document.getElementById("ref-" + number) : null;
    var href = link.getAttribute("href") || "";
    if (!ref && href.charAt(0) === "#") {
      var claim = document.getElementById(decodeURIComponent(href.slice(1)));
      if (claim && claim.classList.contains("bf-claim")) ref = claim;
    }
    return ref;
  }

  function citationOf(node) {
    return node && node.closest ? node.closest("a.bf-cite") : null;
  }

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = document.createElement("div");
    popover.id = "bf-preview";
    popover.className = "bf-preview";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", cancelHide);
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
    return popover;
  }

  function add(parent, tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  /* Who makes the claim: the words between the claim type and the quote ("by X:"). */
  function byLine(type, quote) {
    var parts = [];
    for (var node = type.nextSibling; node && node !== quote; node = node.nextSibling) {
      if (node.nodeType === 1 && node.tagName !== "A") break; /* the quote, or a grade after the author */
      parts.push(node.textContent);
    }
    return clean(parts.join("")).replace(/[:·]\s*$/, "").trim();
  }

  function fill(box, ref) {
    box.textContent = "";
    var outlet = ref.querySelector(".bf-outlet");
    var title = ref.querySelector("cite");
    var date = ref.querySelector("time");
    if (outlet || date) {
      var head = add(box, "p", "bf-preview-source");
      add(head, "strong", "", clean(outlet && outlet.textContent) || message("source", "Source"));
      if (date) head.appendChild(document.createTextNode(" · " + clean(date.textContent)));
    }
    if (title) add(box, "p", "bf-preview-title", clean(title.textContent));
    else if (ref.classList.contains("bf-claim")) add(box, "p", "bf-preview-source", message("claimOnThisPage", "Claim on this page"));
    var type = ref.querySelector(".bf-claim-type");
    var quote = ref.querySelector(".bf-quote");
    if (type) {
      var kind = add(box, "p", "bf-preview-type");
      add(kind, "span", "bf-claim-type " + (type.className.match(/bf-type-\S+/) || [""])[0], clean(type.textContent));
      var by = quote ? byLine(type, quote) : "";
      if (by) kind.appendChild(document.createTextNode(" " + by));
    }
    if (quote) add(box, "blockquote", "bf-preview-quote", clean(quote.textContent));
    /* The grade in words: the source's reliability and, for a claim, its credibility (the code in brackets). */
    var grade = ref.querySelector(".bf-grade[data-reliability]");
    if (grade) {
      var words = add(box, "p", "bf-preview-grade");
      add(words, "span", "bf-preview-label", message("sourceLabel", "Source: "));
      words.appendChild(document.createTextNode(grade.getAttribute("data-reliability")));
      if (grade.getAttribute("data-credibility")) {
        words.appendChild(document.createTextNode(" \u00b7 "));
        add(words, "span", "bf-preview-label", message("claimLabel", "Claim: "));
        words.appendChild(document.createTextNode(grade.getAttribute("data-credibility")));
      }
      words.appendChild(document.createTextNode(" (" + clean(grade.textContent) + ")"));
    }
    if (lastPointer === "touch") add(box, "p", "bf-preview-hint", message("tapAgain", "Tap the number again to open the source."));
  }

  function place(link, box) {
    var viewport = document.documentElement.clientWidth;
    box.style.maxWidth = Math.min(400, viewport - 16) + "px";
    box.style.left = "0px";
    box.style.top = "0px";
    box.hidden = false;
    var rect = link.getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), viewport - width - 8);
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight && rect.top - height - 6 > 0) top = rect.top - height - 6;
    box.style.left = Math.round(left + window.pageXOffset) + "px";
    box.style.top = Math.round(top + window.pageYOffset) + "px";
  }

  function show(link) {
    var ref = refFor(link);
    if (!ref) return;
    cancelHide();
    var box = ensurePopover();
    if (current && current !== link) current.removeAttribute("aria-expanded");
    fill(box, ref);
    place(link, box);
    current = link;
    link.setAttribute("aria-expanded", "true");
  }

  function hide() {
    clearTimeout(showTimer);
    cancelHide();
    if (popover) popover.hidden = true;
    if (current) current.removeAttribute("aria-expanded");
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function cancelHide() {
    clearTimeout(hideTimer);
    hideTimer = null;
  }

  /* Where the reader was, kept for the cited page's "back" link. */
  function rememberOrigin(link) {
    var anchor = link.id || (link.closest("[id]") || {}).id || "";
    var heading = document.querySelector("article h1");
    var title = heading ? clean(heading.textContent).replace(/¶$/, "").trim() : clean(document.title);
    try {
      sessionStorage.setItem(BACK_KEY, JSON.stringify({
        to: link.href,
        from: location.href.split("#")[0] + (anchor ? "#" + anchor : ""),
        title: title
      }));
    } catch (e) {
      /* Storage can be disabled; the back link then falls back to the referrer. */
    }
  }

  function samePage(a, b) {
    return a.split("#")[0] === b.split("#")[0];
  }

  function addBackLink() {
    if (!location.hash || document.querySelector(".bf-back")) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.classList.contains("bf-claim")) return;
    var origin = null;
    try {
      origin = JSON.parse(sessionStorage.getItem(BACK_KEY) || "null");
    } catch (e) {
      origin = null;
    }
    var href, label;
    if (origin && origin.to === location.href && origin.from) {
      href = origin.from;
      label = origin.title ? message("backTo", "Back to %(title)s", { title: origin.title })
        : message("backToCiting", "Back to the citing page");
    } else if (document.referrer && document.referrer.indexOf(location.origin + "/") === 0 &&
               !samePage(document.referrer, location.href)) {
      href = document.referrer;
      label = message("backToPrevious", "Back to the previous page");
    } else {
      return;
    }
    var line = document.createElement("p");
    line.className = "bf-back";
    var back = add(line, "a", "", "\u2190 " + label);
    back.href = href;
    target.insertBefore(line, target.firstChild);
  }

  /* Give each citation an id, so the way back can return to the very number the reader followed. */
  function numberCitations() {
    var links = document.querySelectorAll("article a.bf-cite");
    for (var i = 0; i < links.length; i++) {
      if (!links[i].id) links[i].id = "bf-cite-" + (i + 1);
    }
  }

  /* The timeline's filter: the server writes it hidden (without this script every event shows);
     choosing a theme or an entity hides the other events, their empty years and their marks. */
  function initFilter() {
    var form = document.querySelector("form.bf-filter");
    var select = form && form.querySelector("select");
    if (!select || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var events = Array.prototype.slice.call(document.querySelectorAll("li.bf-event"));
    var marks = Array.prototype.slice.call(document.querySelectorAll(".bf-overview-chart .bf-ov-link[data-event]"));
    var output = form.querySelector("output");
    function apply() {
      var parts = select.value.split(":");
      var attribute = parts[0] === "theme" ? "data-themes" : "data-entities";
      var shown = {};
      var count = 0;
      events.forEach(function (li) {
        var keep = !select.value || (" " + (li.getAttribute(attribute) || "") + " ").indexOf(" " + parts[1] + " ") >= 0;
        li.hidden = !keep;
        if (keep) { shown[li.id] = true; count++; }
      });
      document.querySelectorAll("ol.bf-timeline").forEach(function (list) {
        var empty = !list.querySelector("li.bf-event:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = empty;
      });
      marks.forEach(function (mark) {
        mark.classList.toggle("bf-ov-dim", !shown[mark.getAttribute("data-event")]);
      });
      if (output) output.textContent = select.value ? counted("events", count, "%(num)s event", "%(num)s events") : "";
    }
    /* The choice is kept in the address (?show=theme:id), so that a filtered timeline can be shared. */
    var PARAM = "show";
    function remember() {
      try {
        var url = new URL(location.href);
        if (select.value) url.searchParams.set(PARAM, select.value);
        else url.searchParams.delete(PARAM);
        if (url.href !== location.href) history.replaceState(history.state, "", url.href);
      } catch (e) {
        /* an address that cannot be rewritten: the filter still works */
      }
    }
    var asked = new URLSearchParams(location.search).get(PARAM);
    if (asked && select.querySelector('option[value="' + asked.replace(/["\\]/g, "") + '"]')) select.value = asked;
    select.addEventListener("change", function () { apply(); remember(); });
    apply();
  }

  var listening = false;

  function listen() {
    if (listening) return;
    listening = true;
    document.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType || "mouse";
      tabbing = false;
      openBeforeTap = current !== null && citationOf(event.target) === current;
    }, true);
    document.addEventListener("mouseover", function (event) {
      var link = citationOf(event.target);
      if (!link || lastPointer === "touch") return;
      cancelHide();
      if (link === current) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
    });
    document.addEventListener("mouseout", function (event) {
      var link = citationOf(event.target);
      if (!link || citationOf(event.relatedTarget) === link) return;
      clearTimeout(showTimer);
      if (current) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var link = citationOf(event.target);
      if (link) { if (tabbing) show(link); }
      else if (current && !(popover && popover.contains(event.target))) hide();
    });
    document.addEventListener("focusout", function (event) {
      if (citationOf(event.target) && !citationOf(event.relatedTarget)) scheduleHide();
    });
    document.addEventListener("keydown", function (event) {
      tabbing = event.key === "Tab";
      if ((event.key === "Escape" || event.key === "Esc") && current) {
        hide();
      }
    });
    document.addEventListener("click", function (event) {
      var link = citationOf(event.target);
      if (link && lastPointer === "touch" && !openBeforeTap) {
        /* On a touch screen the first tap previews; a second tap on the same number follows it. */
        event.preventDefault();
        show(link);
        return;
      }
      var follow = link || (event.target.closest && event.target.closest("a.bf-ref-link"));
      if (follow) rememberOrigin(follow);
      if (current && !(popover && popover.contains(event.target))) hide();
    });
    window.addEventListener("resize", function () {
      if (current) place(current, popover);
    });
  }

  function init() {
    listen();
    numberCitations();
    addBackLink();
    initFilter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  /* Material re-renders the page on instant navigation; follow it if it is ever switched on. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { hide(); init(); });
  }
  window.addEventListener("hashchange", addBackLink);
  /* A folded reference list prints unfolded. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.bf-references-fold").forEach(function (d) { d.open = true; });
  });
})();
