// Searched choices (portal/widgets.py): the plain field takes row numbers; this turns it into a
// search box that asks the portal's endpoint and lists the chosen rows with a remove button.
(function () {
  "use strict";

  function enhance(box) {
    var field = box.querySelector("input[type=text]");
    var multiple = box.hasAttribute("data-multiple");
    var typed = field.value;
    var chosen = [];
    box.querySelectorAll(".searched-select-chosen li").forEach(function (item) {
      chosen.push({ value: item.getAttribute("data-value"), label: item.textContent });
    });
    var old = box.querySelector(".searched-select-chosen");
    if (old) old.remove();
    var hint = box.querySelector(".hint");
    if (hint) hint.hidden = true;

    var list = document.createElement("ul");
    list.className = "searched-select-chosen";
    var search = document.createElement("input");
    search.type = "search";
    search.autocomplete = "off";
    search.placeholder = box.getAttribute("data-label-search");
    var results = document.createElement("ul");
    results.className = "searched-select-results";
    results.setAttribute("aria-live", "polite");
    field.type = "hidden";
    if (field.id) {
      search.id = field.id;
      field.removeAttribute("id");
    }
    // The field's own label names the search box; the hint only when it has none.
    if (!search.id || !document.querySelector("label[for='" + search.id + "']")) {
      search.setAttribute("aria-label", box.getAttribute("data-label-search"));
    }
    box.append(list, search, results);

    function sync() {
      field.value = chosen.map(function (c) { return c.value; }).join(", ");
      list.replaceChildren();
      chosen.forEach(function (c, index) {
        var item = document.createElement("li");
        item.textContent = c.label + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = box.getAttribute("data-label-remove");
        remove.addEventListener("click", function () {
          chosen.splice(index, 1);
          sync();
          changed();
        });
        item.append(remove);
        list.append(item);
      });
    }

    function pick(result) {
      var value = String(result.value);
      if (!multiple) chosen = [];
      if (!chosen.some(function (c) { return c.value === value; })) {
        chosen.push({ value: value, label: result.label });
      }
      results.replaceChildren();
      search.value = "";
      sync();
      changed();
    }

    function changed() {
      // Other scripts of the form (the similar gaps of the register…) hear the choice.
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function line(text) {
      var item = document.createElement("li");
      item.textContent = text;
      results.append(item);
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(box.getAttribute("data-source"), window.location.href);
        url.searchParams.set("q", search.value);
        url.searchParams.set("format", "json");
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            results.replaceChildren();
            var group = "";
            data.results.forEach(function (result) {
              if (result.group && result.group !== group) {
                group = result.group;
                var heading = document.createElement("li");
                heading.className = "searched-select-group";
                heading.textContent = group;
                results.append(heading);
              }
              var item = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.className = "link-button";
              button.textContent = result.label;
              button.addEventListener("click", function () { pick(result); });
              item.append(button);
              results.append(item);
            });
            if (!data.results.length) line(box.getAttribute("data-label-none"));
            if (data.more) line(box.getAttribute("data-label-more"));
          });
      }, 200);
    });
    sync();
    if (!multiple && !chosen.length && typed) {
      // What was typed and refused (a name matching several communes…) is searched again.
      field.value = typed;
      search.value = typed;
      search.dispatchEvent(new Event("input"));
    }
    if (!multiple && field.form) {
      // Words typed and not picked from the list are sent as typed: the server finds them.
      field.form.addEventListener("submit", function () {
        if (!chosen.length) field.value = search.value.trim();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-searched-select]").forEach(enhance);
  });
})();
