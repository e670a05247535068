// Small improvements on top of pages that work without JavaScript.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // Sorting applies at once; without JavaScript the "Sorteren" button does the same.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Live Markdown preview under each long text field; the "Voorbeeld" button does the same without JavaScript.
  document.querySelectorAll("textarea[data-markdown-preview]").forEach((area) => {
    const token = area.form && area.form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token) return;
    const preview = document.createElement("div");
    preview.className = "live-preview";
    preview.id = `${area.id}_preview`;
    preview.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", preview);
    let timer;
    const render = async () => {
      if (!area.value.trim()) { preview.replaceChildren(); return; }
      const body = new URLSearchParams({ text: area.value, csrfmiddlewaretoken: token.value });
      const response = await fetch(area.dataset.markdownPreview, { method: "POST", body, credentials: "same-origin" });
      // The server returns HTML sanitized with an allow-list, exactly as the published page shows it.
      if (response.ok) preview.innerHTML = await response.text();
    };
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(render, 400); });
    render();
  });
  // Move focus to an error summary so screen-reader and keyboard users land on it.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
