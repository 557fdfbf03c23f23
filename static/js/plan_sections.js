// The plan editor shows the section(s) of the chosen kind of plan only. Without this script every
// section is shown, each saying when it is filled in; the server reads only the chosen kind's fields.
(function () {
  "use strict";

  // Sections a kind uses; a trial also uses the section of what it converts to.
  var SECTIONS = { flat: ["flat"], staged: ["staged"], royalty: ["royalty"], free: [], try_first: ["trial"] };

  function update(form) {
    var kind = form.querySelector("select[name$='kind']");
    if (!kind) {
      return;
    }
    var shown = (SECTIONS[kind.value] || []).slice();
    if (kind.value === "try_first") {
      var conversion = form.querySelector("select[name$='conversion']");
      if (conversion) {
        shown.push(conversion.value);
      }
    }
    form.querySelectorAll("[data-plan-section]").forEach(function (section) {
      section.hidden = shown.indexOf(section.getAttribute("data-plan-section")) < 0;
    });
    form.querySelectorAll(".plan-only").forEach(function (hint) {
      hint.hidden = true; // the section's presence says it applies
    });
  }

  function init() {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-plan-section]")) {
        return;
      }
      form.addEventListener("change", function (event) {
        var name = event.target.name || "";
        if (/(^|-)kind$/.test(name) || /(^|-)conversion$/.test(name)) {
          update(form);
        }
      });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
