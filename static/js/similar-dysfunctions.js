// « Moi aussi » while typing (register/templates/register/dysfunction_form.html): as the case
// manager types the title, the description, the category or the commune of a new dysfunction,
// the similar gaps the tables already know are asked of the portal and listed above the form,
// each with a « me too » button. Without this script, the form offers them when it is sent.
(function () {
  "use strict";

  function enhance(section, form) {
    var list = section.querySelector("ul");
    var source = section.getAttribute("data-similar-source");
    var fields = ["title", "description", "category", "commune"];
    var timer = null;
    var asked = 0;

    function value(name) {
      var field = form.elements.namedItem(name);
      return field && field.value ? field.value : "";
    }

    function markSeen(seen) {
      // The gaps are seen here: sending the form files it without offering them again.
      var flag = form.querySelector("input[name=similar_seen]");
      if (seen && !flag) {
        flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "similar_seen";
        flag.value = "1";
        form.append(flag);
      } else if (!seen && flag) {
        flag.remove();
      }
    }

    function meToo(url) {
      var action = document.createElement("form");
      action.method = "post";
      action.action = url;
      action.className = "inline-form";
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = value("csrfmiddlewaretoken");
      var count = document.createElement("input");
      count.type = "hidden";
      count.name = "situation_count";
      var button = document.createElement("button");
      button.type = "submit";
      button.className = "button button-secondary";
      button.textContent = section.getAttribute("data-label-me-too");
      action.addEventListener("submit", function () {
        var typed = parseInt(value("situation_count"), 10);
        count.value = typed > 0 ? String(typed) : "1";
      });
      action.append(token, count, button);
      return action;
    }

    function show(results) {
      list.replaceChildren();
      results.forEach(function (gap) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = gap.url;
        link.textContent = gap.reference + " · " + gap.title;
        var hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = [gap.category, gap.commune, gap.situations_label, gap.state]
          .filter(Boolean)
          .join(" — ");
        item.append(link, document.createElement("br"), hint);
        if (gap.me_too_url) item.append(meToo(gap.me_too_url));
        list.append(item);
      });
      section.hidden = !results.length;
      markSeen(results.length > 0);
    }

    function ask() {
      var url = new URL(source, window.location.href);
      fields.forEach(function (name) { url.searchParams.set(name, value(name)); });
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine === asked) show(data.results || []);
        })
        .catch(function () {});
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    }

    fields.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) return;
      field.addEventListener("input", later);
      field.addEventListener("change", later);
    });
    if (value("title") || value("description")) ask();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("similar-live");
    var form = document.querySelector("form[data-similar-form]");
    if (section && form) enhance(section, form);
  });
})();
