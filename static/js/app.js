// The app's few behaviours, without inline scripts (the CSP allows none).

// Adds rows to a Django formset: clones its <template> and renumbers __prefix__.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const fieldset = button.closest("[data-formset]");
  const prefix = fieldset.dataset.formset;
  const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = fieldset.querySelector("template[data-formset-template]");
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  fieldset.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const first = fieldset.querySelector(`[name="${prefix}-${index}-text"]`);
  if (first) first.focus();
});

// A button with data-copy puts its value on the clipboard and says so in the status beside it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  await navigator.clipboard.writeText(button.dataset.copy);
  const status = button.parentElement.querySelector("[data-copy-status]");
  if (status) status.textContent = button.dataset.copied;
});

// Error summary (forms sent back with errors): the focus goes to the summary's heading, so a
// screen reader reads what to correct and a phone shows it, instead of staying at the top.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});


// The line under a spelling's script says which script its letters are taken for while
// "Detect from the letters" is chosen, as casework/forms/people.py script_detected does for a
// form sent back: Latin; Belarusian Cyrillic with і or ў; otherwise Russian Cyrillic. Mixed
// letters get no line: the form refuses them with its own message.
function detectedScript(text) {
  const letters = [...text].filter((ch) => /\p{L}/u.test(ch));
  const latin = letters.filter((ch) => /\p{Script=Latin}/u.test(ch)).length;
  const cyrillic = letters.filter((ch) => /\p{Script=Cyrillic}/u.test(ch)).length;
  if (!letters.length || latin + cyrillic < letters.length || (latin && cyrillic)) return "";
  if (latin) return "latn";
  return /[іўІЎ]/u.test(text) ? "be" : "ru";
}

function showDetectedScript(source) {
  const sentences = document.querySelector("[data-script-sentences]");
  const hint = document.getElementById(source.dataset.scriptSource);
  if (!sentences || !hint) return;
  const select = document.querySelector(`select[aria-describedby~="${hint.id}"]`);
  const script = select && select.value ? "" : detectedScript(source.value);
  hint.textContent = script ? sentences.dataset[script] : "";
}

document.addEventListener("input", (event) => {
  if (event.target.matches("[data-script-source]")) showDetectedScript(event.target);
});
document.addEventListener("change", (event) => {
  if (!event.target.matches("select[aria-describedby]")) return;
  const hint = event.target.getAttribute("aria-describedby").split(" ")[0];
  const source = document.querySelector(`[data-script-source="${hint}"]`);
  if (source) showDetectedScript(source);
});

// Uploads (casework/case_files.html): htmx sends the form, and its progress fills the bar.
document.addEventListener("htmx:xhr:progress", (event) => {
  const form = event.target.closest("form");
  const bar = form && form.querySelector("progress");
  if (!bar || !event.detail.lengthComputable) return;
  bar.closest("[hidden]")?.removeAttribute("hidden");
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
