// Swagger UI over our own OpenAPI document (a static file: the page's CSP forbids inline script).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  if (typeof window.SwaggerUIBundle !== "function") {
    document.getElementById("swagger-ui").textContent =
      "Swagger UI is not installed (run make setup); the OpenAPI document is still at /openapi.json.";
    return;
  }
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
