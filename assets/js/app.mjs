// Starts GOV.UK Frontend and MOJ Frontend components on every page.
import { initAll } from "/static/build/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/build/moj-frontend.min.js";

initAll();
initMoj();
