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
