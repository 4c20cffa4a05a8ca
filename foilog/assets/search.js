/* foilog /search/: the site's own results, on Pagefind's JS API (pagefind.js of
   each part of the index, in this site's pagefind/ folder).

   Pagefind alone falls back to the longest indexed prefix of a word it does not
   hold ("accommodation" finds every word starting "a"). So each query word is
   also searched exactly (a quoted search), and:
   * a response is an answer only if it holds every word exactly;
   * a word no response holds is named: "No published response mentions ...";
   * other matches are shown apart, labelled as words starting with a prefix.
   The query, dates and filters live in the URL (q, from, to, filter, scope), so a
   search can be shared and a reload restores it. Dates are searched through the
   index's Day filter (one value per response date), months through Month.

   A large log's index is built in parts (data-parts, newest first). A search covers
   the newest data-default-parts of them, so it downloads little whatever the size of
   the log; a link above the results widens it to every response (?scope=all). */
(function () {
  "use strict";
  var form = document.getElementById("foilog-search-form");
  var status = document.getElementById("foilog-search-status");
  var results = document.getElementById("foilog-search-results");
  var facets = document.getElementById("foilog-search-facets");
  if (!form || !status || !results || !facets) return;
  var input = document.getElementById("foilog-search-q");
  var fromInput = document.getElementById("foilog-search-from");
  var toInput = document.getElementById("foilog-search-to");
  var PAGE = 10;
  var HIDDEN_FILTERS = { Day: true };

  var parts = [];
  try {
    parts = JSON.parse(form.getAttribute("data-parts") || "[]");
  } catch (error) {
    parts = [];
  }
  if (!parts.length) parts = [{ path: "../pagefind/part-000/", count: 0, since: null }];
  var params = new URLSearchParams(window.location.search);
  var everything = params.get("scope") === "all";
  var wanted = everything ? parts.length : Math.max(1, parseInt(form.getAttribute("data-default-parts") || "2", 10) || 2);
  var searched = parts.slice(0, wanted);

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  /* Filter names and values are stored as HTML (foilog.site.publish.search.filter_html): show them as text. */
  var decoder = document.createElement("textarea");
  function decode(value) {
    // A <textarea> holds text only (RCDATA): entities are decoded, no element is ever made,
    // and leading spaces are kept (an HTML document's parser drops them).
    decoder.innerHTML = value;
    return decoder.value;
  }
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function monthLabel(value) {
    var m = /^(\d{4})-(\d{2})$/.exec(value);
    return m ? MONTHS[parseInt(m[2], 10) - 1] + " " + m[1] : value;
  }
  function quoted(words) {
    var shown = words.map(function (w) { return "\u2018" + w + "\u2019"; });
    if (shown.length < 2) return shown.join("");
    return shown.slice(0, -1).join(", ") + " or " + shown[shown.length - 1];
  }
  function plural(n, one, many) {
    return n.toLocaleString("en-GB") + " " + (n === 1 ? one : many);
  }

  /* The words of a query: what the reader typed, split at spaces, without quotes. */
  function wordsOf(q) {
    return q.split(/\s+/).map(function (w) { return w.replace(/^["'\u2018\u201c]+|["'\u2019\u201d]+$/g, ""); }).filter(Boolean);
  }

  /* -- state in the URL ------------------------------------------------------------ */
  function readState() {
    var p = new URLSearchParams(window.location.search);
    var chosen = {};
    p.getAll("filter").forEach(function (pair) {
      var at = pair.indexOf(":");
      if (at < 1) return;
      var name = pair.slice(0, at);
      (chosen[name] = chosen[name] || []).push(pair.slice(at + 1));
    });
    return { q: (p.get("q") || "").trim(), from: p.get("from") || "", to: p.get("to") || "", chosen: chosen };
  }
  function formState() {
    var chosen = {};
    facets.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      var name = box.getAttribute("data-filter");
      (chosen[name] = chosen[name] || []).push(box.value);
    });
    return { q: input.value.trim(), from: fromInput.value, to: toInput.value, chosen: chosen };
  }
  function writeState(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    Object.keys(state.chosen).forEach(function (name) {
      state.chosen[name].forEach(function (value) { p.append("filter", name + ":" + value); });
    });
    if (everything) p.set("scope", "all");
    var query = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    linkScope();
  }
  function showState(state) {
    input.value = state.q;
    fromInput.value = state.from;
    toInput.value = state.to;
    facets.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var values = state.chosen[box.getAttribute("data-filter")] || [];
      box.checked = values.indexOf(box.value) >= 0;
    });
    var open = state.from || state.to || Object.keys(state.chosen).length;
    if (open && window.matchMedia("(min-width: 45em)").matches) document.getElementById("foilog-search-filters").open = true;
  }

  /* -- the scope of a large log ------------------------------------------------------ */
  var scope = document.getElementById("foilog-search-scope");
  var widen = null;
  if (scope && searched.length < parts.length) {
    var count = function (list) {
      return list.reduce(function (sum, part) { return sum + part.count; }, 0);
    };
    var oldest = searched[searched.length - 1].since;
    var since = oldest ? new Date(oldest + "T00:00:00Z").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : "";
    scope.textContent = "Searching the " + count(searched).toLocaleString("en-GB") + " most recent responses" + (since ? " (published since " + since + "). " : ". ");
    widen = el("a", "Search all " + count(parts).toLocaleString("en-GB") + " responses");
    scope.appendChild(widen);
    scope.hidden = false;
  }
  function linkScope() {
    if (!widen) return;
    var all = new URLSearchParams(window.location.search);
    all.set("scope", "all");
    widen.href = window.location.pathname + "?" + all.toString();
  }
  linkScope();

  /* -- Pagefind ----------------------------------------------------------------------- */
  function pathOf(part) {
    return new URL(part.path, window.location.href).pathname;
  }
  var engine = null;
  function pagefind() {
    if (!engine) {
      var first = pathOf(searched[0]);
      engine = import(first + "pagefind.js").then(function (pf) {
        return Promise.resolve(pf.options({ bundlePath: first, excerptLength: 24 }))
          .then(function () {
            return Promise.all(searched.slice(1).map(function (part) { return pf.mergeIndex(pathOf(part)); }));
          })
          .then(function () { return pf; });
      });
    }
    return engine;
  }

  function buildFacets(all) {
    facets.textContent = "";
    Object.keys(all).sort().forEach(function (name) {
      if (HIDDEN_FILTERS[name]) return;
      var values = Object.keys(all[name]);
      if (!values.length) return;
      values.sort();
      if (name === "Month" || name === "Year") values.reverse();
      var box = el("fieldset", "", "foilog-search-facet");
      box.appendChild(el("legend", decode(name)));
      var list = el("ul");
      values.forEach(function (value, n) {
        var item = el("li");
        var check = el("input");
        check.type = "checkbox";
        check.id = "foilog-facet-" + name.replace(/[^A-Za-z0-9]/g, "") + "-" + n;
        check.value = value;
        check.setAttribute("data-filter", name);
        var label = el("label", (name === "Month" ? monthLabel(value) : decode(value)) + " (" + all[name][value] + ")");
        label.htmlFor = check.id;
        item.appendChild(check);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(label);
        list.appendChild(item);
      });
      box.appendChild(list);
      facets.appendChild(box);
    });
  }

  /* The Pagefind filters of a state; null when the dates hold no response. */
  function filtersOf(state, all) {
    var filters = {};
    Object.keys(state.chosen).forEach(function (name) {
      if (state.chosen[name].length) filters[name] = { any: state.chosen[name] };
    });
    if (state.from || state.to) {
      var days = Object.keys(all.Day || {}).filter(function (day) {
        return (!state.from || day >= state.from) && (!state.to || day <= state.to);
      });
      if (!days.length) return null;
      filters.Day = { any: days };
    }
    return filters;
  }

  /* -- drawing results ------------------------------------------------------------------ */
  /* Pagefind's excerpt as text, with <mark> kept only for the words `keep` accepts. */
  function excerpt(html, keep) {
    var out = el("p", "", "foilog-search-excerpt");
    var marking = false;
    (html || "").split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === "<mark>") { marking = true; return; }
      if (piece === "</mark>") { marking = false; return; }
      var text = decode(piece);
      if (!text) return;
      if (marking && keep(text)) out.appendChild(el("mark", text));
      else out.appendChild(document.createTextNode(text));
    });
    return out;
  }
  function drawList(list, heading, keep, id) {
    var section = el("section", "", "foilog-search-group");
    section.id = id;
    var h = el("h2", heading);
    section.appendChild(h);
    var ol = el("ol", "", "foilog-search-list");
    section.appendChild(ol);
    var shown = 0;
    var more = el("button", "", "md-button foilog-search-more");
    more.type = "button";
    function next() {
      var batch = list.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= list.length;
      more.textContent = "Show more (" + (list.length - shown).toLocaleString("en-GB") + " left)";
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
        data.forEach(function (d) {
          var li = el("li", "", "foilog-search-result");
          var a = el("a", (d.meta && d.meta.title) || d.url);
          a.href = d.url;
          a.className = "foilog-search-result-link";
          var title = el("h3");
          title.appendChild(a);
          li.appendChild(title);
          var facts = [d.meta && d.meta.reference, d.meta && d.meta.date, d.meta && d.meta.outcome].filter(Boolean);
          if (facts.length) li.appendChild(el("p", facts.join(" \u00b7 "), "foilog-search-facts"));
          li.appendChild(excerpt(d.excerpt, keep));
          ol.appendChild(li);
        });
      });
    }
    more.addEventListener("click", function () { next(); });
    section.appendChild(more);
    results.appendChild(section);
    return next();
  }
  function suggestions() {
    var p = el("p", "", "foilog-search-suggest");
    p.appendChild(document.createTextNode("Try other words, or browse "));
    var topics = el("a", "by topic");
    topics.href = "#browse-topics";
    p.appendChild(topics);
    p.appendChild(document.createTextNode(" or "));
    var years = el("a", "by year");
    years.href = "#browse-years";
    p.appendChild(years);
    p.appendChild(document.createTextNode(". If what you need is not published, "));
    var ask = el("a", "you can make a request");
    ask.href = new URL("../how-to-request/", window.location.href).pathname;
    p.appendChild(ask);
    p.appendChild(document.createTextNode("."));
    return p;
  }
  /* The longest start of `word` that a word of the results holds (what Pagefind fell back to). */
  function prefixOf(word, data) {
    var best = "";
    var lower = word.toLowerCase();
    data.forEach(function (d) {
      (d.content || "").toLowerCase().split(/[^\w]+/).forEach(function (found) {
        var n = 0;
        while (n < lower.length && n < found.length && lower[n] === found[n]) n++;
        if (n > best.length) best = word.slice(0, n);
      });
    });
    return best;
  }

  /* Pagefind's exact (quoted) search finds whole indexed words only: a word inside a
     longer token ("seriously_injured" in "killed,seriously_injured,slightly_injured")
     is not one. For a word the exact search did not find, read the text of the first
     CHECKED loose results and count those that hold it between non-letters. */
  var CHECKED = 20;
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  function holdingWords(words, sets, loose) {
    var lost = words.map(function (w, n) { return n; }).filter(function (n) { return !Object.keys(sets[n]).length; });
    if (!lost.length || !loose.length) return Promise.resolve();
    var sample = loose.slice(0, CHECKED);
    return Promise.all(sample.map(function (r) { return r.data(); })).then(function (data) {
      lost.forEach(function (n) {
        var pattern = new RegExp("(^|[^\\p{L}\\p{N}])" + escapeRegExp(words[n]) + "($|[^\\p{L}\\p{N}])", "iu");
        data.forEach(function (d, k) {
          if (pattern.test(d.content || "")) sets[n][sample[k].id] = true;
        });
      });
    });
  }

  var run = 0;
  /* Search and draw; #foilog-search-results is aria-busy until the results are drawn. */
  function search(state) {
    var mine = run + 1;
    results.setAttribute("aria-busy", "true");
    return draw(state).then(function () {
      if (mine === run) results.removeAttribute("aria-busy");
    });
  }
  function draw(state) {
    var mine = ++run;
    results.textContent = "";
    var words = wordsOf(state.q);
    var filtered = !!(state.from || state.to || Object.keys(state.chosen).length);
    if (!words.length && !filtered) {
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = "Searching\u2026";
    return pagefind().then(function (pf) {
      return Promise.resolve(pf.filters()).then(function (all) {
        var filters = filtersOf(state, all);
        if (filters === null) {
          if (mine !== run) return;
          status.textContent = "No published response is dated " + (state.from ? "from " + state.from + " " : "") + (state.to ? "to " + state.to : "") + ".";
          results.appendChild(suggestions());
          return;
        }
        var within = filtered ? " with the dates and filters chosen" : "";
        if (!words.length) {
          return pf.search(null, { filters: filters, sort: { date: "desc" } }).then(function (found) {
            if (mine !== run) return;
            status.textContent = plural(found.results.length, "result", "results") + " (responses and their attachments)" + within + ".";
            if (found.results.length) return drawList(found.results, "Responses", function () { return false; }, "foilog-search-answers");
            results.appendChild(suggestions());
          });
        }
        var exact = words.map(function (w) { return pf.search("\"" + w + "\"", { filters: filters }); });
        return Promise.all([pf.search(state.q, { filters: filters })].concat(exact)).then(function (found) {
          if (mine !== run) return;
          var loose = found[0].results;
          var sets = found.slice(1).map(function (one) {
            var ids = {};
            one.results.forEach(function (r) { ids[r.id] = true; });
            return ids;
          });
          return holdingWords(words, sets, loose).then(function () {
          if (mine !== run) return;
          var missing = words.filter(function (w, n) { return !Object.keys(sets[n]).length; });
          var isAnswer = function (r) { return sets.every(function (ids) { return ids[r.id]; }); };
          var answers = missing.length ? [] : loose.filter(isAnswer);
          if (!missing.length && !answers.length) {
            // Pagefind's own search may rank an exact match out: take it from the exact searches.
            answers = found[1].results.filter(isAnswer);
          }
          var partial = loose.filter(function (r) { return !isAnswer(r); });
          var lowered = words.map(function (w) { return w.toLowerCase(); });
          var exactWord = function (text) { return lowered.indexOf(text.toLowerCase().replace(/[^\w\/-]+$/, "")) >= 0; };
          var said;
          if (missing.length) {
            said = "No published response" + within + " mentions " + quoted(missing) + ".";
          } else if (!answers.length) {
            said = "No published response" + within + " mentions all of " + quoted(words).replace(/ or /, " and ") + ".";
          } else {
            said = plural(answers.length, "result mentions ", "results mention ") + quoted(words).replace(/ or /, " and ") + within + ".";
          }
          status.textContent = said + (partial.length ? " " + plural(partial.length, "other result has", "other results have") + " words that only start the same way." : "");
          var drawn = Promise.resolve();
          if (answers.length) {
            drawn = drawList(answers, "Responses mentioning " + quoted(words).replace(/ or /, " and "), exactWord, "foilog-search-answers");
          } else {
            results.appendChild(suggestions());
          }
          if (!partial.length) return drawn;
          return drawn.then(function () {
            return Promise.all(partial.slice(0, PAGE).map(function (r) { return r.data(); })).then(function (data) {
              if (mine !== run) return;
              var prefixes = (missing.length ? missing : words).map(function (w) { return prefixOf(w, data) || w; });
              var heading = "Responses with words starting " + quoted(prefixes.map(function (p) { return p + "\u2026"; })) + " (not exact matches)";
              return drawList(partial, heading, function () { return true; }, "foilog-search-partial");
            });
          });
          });
        });
      });
    }).catch(function () {
      if (mine !== run) return;
      status.textContent = "Search is not available right now. Browse by topic or by year below.";
    });
  }

  /* -- wiring ----------------------------------------------------------------------------- */
  var ready = pagefind().then(function (pf) { return pf.filters(); }).then(function (all) {
    buildFacets(all);
  }).catch(function () {
    status.textContent = "Search is not available right now. Browse by topic or by year below.";
  });
  function submit() {
    var state = formState();
    writeState(state);
    return search(state);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  form.addEventListener("change", function (event) {
    if (event.target === input) return;
    submit();
  });
  ready.then(function () {
    var state = readState();
    showState(state);
    search(state);
  });
})();
