/* foilog /search/: start Pagefind's own UI (served from this site's pagefind/ folder)
   and run the query given as ?q= (the home page's search form). The browse lists on
   the page work without JavaScript. */
(function () {
  "use strict";
  var box = document.getElementById("foilog-search");
  if (!box) return;
  if (typeof window.PagefindUI !== "function") {
    box.textContent = "Search is not available right now. Browse by topic or by year below.";
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href).pathname;
  var ui = new window.PagefindUI({ element: "#foilog-search", bundlePath: bundle, showImages: false, showSubResults: true });
  var params = new URLSearchParams(window.location.search);
  var q = (params.get("q") || "").trim();
  if (q) ui.triggerSearch(q);
  /* Keep ?q= in step with the box, so a results page can be bookmarked or shared. */
  box.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("input[type=text], input[type=search]")) return;
    var value = event.target.value.trim();
    if (value) params.set("q", value); else params.delete("q");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  });
})();
