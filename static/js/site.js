// Small improvements on top of pages that work without JavaScript.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // Sorting applies at once; without JavaScript the "Sorteren" button does the same.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Move focus to an error summary so screen-reader and keyboard users land on it.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
