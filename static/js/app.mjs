// Start NHS.UK frontend's components (header menu, error summary focus, radios, ...).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// NHS.UK frontend's radios show and hide the questions an option reveals (data-module="nhsuk-radios",
// aria-controls on the option: the form pack's `Radios` layout object draws them). It also sets
// aria-expanded on the radio, which WAI-ARIA does not allow on a radio; it is taken off again here as
// soon as it is set, so the reveal stays NHS.UK's own. Without JavaScript every question stays visible.
const dropExpanded = (element) => {
  if (element.matches('input[type="radio"]')) element.removeAttribute("aria-expanded");
};
for (const radio of document.querySelectorAll('input[type="radio"][aria-expanded]')) dropExpanded(radio);
new MutationObserver((changes) => {
  for (const change of changes) dropExpanded(change.target);
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-expanded"] });
