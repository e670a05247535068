// Small improvements on top of pages that work without JavaScript.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
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
  // Uploads: show progress while files are sent. Without JavaScript the form posts as usual.
  document.querySelectorAll("form[enctype='multipart/form-data']").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const files = [...form.querySelectorAll("input[type=file]")].some((input) => input.files.length);
      if (!files || !window.FormData) return;
      event.preventDefault();
      const progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      const status = document.createElement("p");
      status.className = "upload-status";
      status.setAttribute("role", "status");
      status.textContent = "Bestanden worden opgeladen…";
      status.append(" ", progress);
      const actions = form.querySelector(".form-actions");
      if (actions) actions.after(status);
      else form.append(status);
      const request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) {
          progress.value = Math.round((e.loaded / e.total) * 100);
          status.firstChild.textContent = `Bestanden worden opgeladen: ${progress.value}% `;
        }
      });
      request.addEventListener("load", () => {
        // Show what the server answered (the saved practice after its redirect, or the form with its
        // errors) and give the address bar the address of that page.
        const target = request.responseURL || window.location.href;
        document.open();
        document.write(request.responseText);
        document.close();
        if (target !== window.location.href) window.history.replaceState(null, "", target);
      });
      request.addEventListener("error", () => {
        status.textContent = "Het opladen is mislukt. Controleer uw verbinding en probeer opnieuw.";
      });
      request.send(new FormData(form, event.submitter));
    });
  });
  // Characters left on limited fields; the limit is also stated in the hint for those without JavaScript.
  document.querySelectorAll("[data-count]").forEach((field) => {
    const limit = Number(field.dataset.count);
    const counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = `${field.id}_count`;
    counter.setAttribute("aria-live", "polite");
    const update = () => {
      const left = limit - field.value.length;
      counter.classList.toggle("is-over", left < 0);
      counter.textContent = left >= 0
        ? `Nog ${left} ${left === 1 ? "teken" : "tekens"} over.`
        : `${-left} ${left === -1 ? "teken" : "tekens"} te veel.`;
    };
    let timer;
    field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 300); });
    update();
    field.insertAdjacentElement("afterend", counter);
  });
  // Move focus to an error summary so screen-reader and keyboard users land on it.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
