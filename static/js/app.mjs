// Start NHS.UK frontend's components (header menu, error summary focus, radios, ...).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// Conditional reveals for radios, without the aria-expanded attribute NHS.UK frontend puts on
// radio inputs (not allowed on a radio by WAI-ARIA). A radio with data-app-reveals="ID" shows
// that element while it is checked; without JavaScript every reveal stays visible.
function syncReveals(group) {
  for (const input of group) {
    const target = document.getElementById(input.dataset.appReveals);
    if (target) target.classList.toggle("nhsuk-radios__conditional--hidden", !input.checked);
  }
}

for (const input of document.querySelectorAll("input[type=radio][data-app-reveals]")) {
  const group = document.querySelectorAll(`input[type=radio][name="${input.name}"][data-app-reveals]`);
  const everyRadio = document.querySelectorAll(`input[type=radio][name="${input.name}"]`);
  for (const radio of everyRadio) radio.addEventListener("change", () => syncReveals(group));
  syncReveals(group);
}
