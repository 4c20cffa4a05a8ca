/* foilog /search/: start Pagefind's own UI (served from this site's pagefind/ folder)
   and run the query given as ?q= (the home page's search form). The browse lists on
   the page work without JavaScript.

   A large log's index is built in parts (data-parts, newest first). A search covers
   the newest data-default-parts of them, so it downloads little whatever the size of
   the log; a link above the results widens it to every response (?scope=all). */
(function () {
  "use strict";
  var box = document.getElementById("foilog-search");
  if (!box) return;
  if (typeof window.PagefindUI !== "function") {
    box.textContent = "Search is not available right now. Browse by topic or by year below.";
    return;
  }
  var parts = [];
  try {
    parts = JSON.parse(box.getAttribute("data-parts") || "[]");
  } catch (error) {
    parts = [];
  }
  if (!parts.length) parts = [{ path: "../pagefind/part-000/", count: 0, since: null }];
  var params = new URLSearchParams(window.location.search);
  var everything = params.get("scope") === "all";
  var wanted = everything ? parts.length : Math.max(1, parseInt(box.getAttribute("data-default-parts") || "2", 10) || 2);
  var searched = parts.slice(0, wanted);
  function pathOf(part) {
    return new URL(part.path, window.location.href).pathname;
  }
  var options = { element: "#foilog-search", bundlePath: pathOf(searched[0]), showImages: false, showSubResults: true };
  if (searched.length > 1) {
    options.mergeIndex = searched.slice(1).map(function (part) {
      return { bundlePath: pathOf(part) };
    });
  }
  var ui = new window.PagefindUI(options);

  var scope = document.getElementById("foilog-search-scope");
  var widen = null;
  if (scope && searched.length < parts.length) {
    var count = function (list) {
      return list.reduce(function (sum, part) { return sum + part.count; }, 0);
    };
    var oldest = searched[searched.length - 1].since;
    var since = oldest ? new Date(oldest + "T00:00:00Z").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : "";
    scope.textContent = "Searching the " + count(searched).toLocaleString("en-GB") + " most recent responses" + (since ? " (published since " + since + "). " : ". ");
    widen = document.createElement("a");
    widen.textContent = "Search all " + count(parts).toLocaleString("en-GB") + " responses";
    scope.appendChild(widen);
    scope.hidden = false;
  }
  function linkScope() {
    if (!widen) return;
    var all = new URLSearchParams(params.toString());
    all.set("scope", "all");
    widen.href = window.location.pathname + "?" + all.toString();
  }
  linkScope();

  var q = (params.get("q") || "").trim();
  if (q) ui.triggerSearch(q);
  /* Keep ?q= in step with the box, so a results page can be bookmarked or shared. */
  box.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("input[type=text], input[type=search]")) return;
    var value = event.target.value.trim();
    if (value) params.set("q", value); else params.delete("q");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    linkScope();
  });
})();
