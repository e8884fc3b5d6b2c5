// The query editor on /sparql (a file, not an inline script: the pages keep a strict CSP).
(function () {
  var examples = JSON.parse(document.getElementById("example-queries").textContent);
  var settings = JSON.parse(document.getElementById("editor-settings").textContent);
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: settings.defaultQuery, autocompleters: ["variables"] }
  });
  // /queries/{name} links here with the question's SPARQL in the hash ("open in the editor").
  if (window.location.hash.indexOf("#query=") === 0) {
    yasgui.getTab().setQuery(decodeURIComponent(window.location.hash.slice(7)));
  }
  document.querySelectorAll("#examples a[data-query]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      yasgui.getTab().setQuery(examples[+a.dataset.query]);
      yasgui.getTab().query();
    });
  });
  // IRIs of this graph link to their pages on this service, not to the public resolver.
  var base = settings.baseIri;
  new MutationObserver(function () {
    document.querySelectorAll('#yasgui a[href^="' + base + '"]').forEach(function (a) {
      a.setAttribute("href", "/" + a.getAttribute("href").slice(base.length));
      a.removeAttribute("target");
    });
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  window.ansvarYasgui = yasgui;
})();
