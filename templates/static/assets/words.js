/* The words the site's scripts show, in the readers' language, for briefing.js and search.js.
 *
 * Every page carries them (#bf-messages, builder/pages/contexts.py script_messages); the English each
 * script passes is for a page without them. Loaded before the scripts that use it (theme.SCRIPTS).
 */
(function () {
  "use strict";

  var MESSAGES = (function () {
    try {
      var node = document.getElementById("bf-messages");
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  })();

  function message(key, english, values) {
    var text = typeof MESSAGES[key] === "string" ? MESSAGES[key] : english;
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? values[name] : all;
    }).replace(/%%/g, "%");
  }

  /* A count as the page's language writes it (Latin digits, as the pages do), in the plural form its
     number takes there (Intl.PluralRules: 'one', 'few', 'many'...). */
  function formatted(n) {
    try {
      return n.toLocaleString((document.documentElement.lang || "en") + "-u-nu-latn");
    } catch (e) {
      return String(n);
    }
  }

  function counted(key, n, one, other, values) {
    var forms = MESSAGES[key] || {};
    var category;
    try {
      category = new Intl.PluralRules(document.documentElement.lang || "en").select(n);
    } catch (e) {
      category = n === 1 ? "one" : "other";
    }
    var text = forms[category] || forms.other || (n === 1 ? one : other);
    var all = { num: formatted(n) };
    for (var name in values || {}) all[name] = values[name];
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in all ? all[name] : whole;
    }).replace(/%%/g, "%");
  }

  window.bfWords = { message: message, counted: counted, formatted: formatted };
})();
