// Keep the "download with the filters above" link in step with the export form.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("export-form");
  const link = document.getElementById("export-link");
  if (!form || !link) return;
  function update() {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const [key, value] of data.entries()) {
      if (key !== "format" && value) params.set(key, String(value));
    }
    const query = params.toString();
    link.href = "/api/export/" + encodeURIComponent(String(data.get("format"))) + (query ? "?" + query : "");
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
});
