// omstilling: progressive enhancement of the server-rendered pages. Everything works without
// this file (forms post and redirect); with it the editor shows totals and findings as you
// type, saves by itself, and never loses what was typed: unsent edits are kept in
// localStorage until the server has them, and offered back after a conflict, a network
// error or an expired session.
(function () {
  "use strict";

  // Links to a field (error summary, findings) move focus to the field itself.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-field]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus();
    history.replaceState(null, "", link.getAttribute("href"));
  });

  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();

  // A step that locks the plan asks first, in a dialog (without this script the server
  // shows a page that asks).
  document.querySelectorAll("form[data-confirm-dialog]").forEach(function (stepForm) {
    var ask = document.getElementById(stepForm.getAttribute("data-confirm-dialog"));
    if (!ask || typeof ask.showModal !== "function") return;
    stepForm.addEventListener("submit", function (event) {
      if (stepForm.querySelector("input[name='confirm']")) return;
      event.preventDefault();
      ask.returnValue = "";
      ask.onclose = function () {
        if (ask.returnValue !== "confirm") return;
        var yes = document.createElement("input");
        yes.type = "hidden";
        yes.name = "confirm";
        yes.value = "yes";
        stepForm.appendChild(yes);
        stepForm.submit();
      };
      ask.showModal();
      var cancel = ask.querySelector("button[value='cancel']");
      if (cancel) cancel.focus();
    });
  });

  var form = document.getElementById("plan-form");
  if (!form || form.hasAttribute("data-readonly")) return;

  var texts = JSON.parse(form.getAttribute("data-texts") || "{}");
  var storageKey = form.getAttribute("data-storage-key");
  var checkUrl = form.getAttribute("data-check-url");
  var status = document.getElementById("save-status");
  var baseInput = form.querySelector("input[name='base_version']");
  var checkTimer = null;
  var saveTimer = null;
  var saving = false;
  var pending = false;
  var editedSinceSend = {};

  function setStatus(state, text) {
    if (!status) return;
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  function formBody(extra) {
    var data = new URLSearchParams(new FormData(form));
    data.delete("op");
    Object.keys(extra || {}).forEach(function (key) { data.set(key, extra[key]); });
    return data;
  }

  function fieldValues() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf_token" || name === "base_version" || name === "op") return;
      values[name] = String(value);
    });
    return values;
  }

  function remember() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        base: baseInput.value, values: fieldValues(), at: new Date().toISOString()
      }));
    } catch (e) { /* storage full or disabled: the server copy is all we have */ }
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  }

  function inputFor(name) {
    var all = form.querySelectorAll("[name]");
    var found = null;
    for (var i = 0; i < all.length; i++) {
      if (all[i].name === name && all[i].type !== "hidden") found = all[i];
    }
    return found;
  }

  function setValue(name, value) {
    var input = inputFor(name);
    if (!input) return;
    if (input.type === "checkbox") input.checked = value === input.value;
    else if (input.value !== value) input.value = value;
  }

  function applyFragments(fragments) {
    Object.keys(fragments || {}).forEach(function (id) {
      var node = document.getElementById(id);
      if (node) node.innerHTML = fragments[id];
    });
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-live-error]").forEach(function (node) {
      var input = document.getElementById(node.getAttribute("data-live-error"));
      if (input) { input.removeAttribute("aria-invalid"); input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "").replace(node.id, "").trim()); }
      node.remove();
    });
    (errors || []).forEach(function (error) {
      var input = document.getElementById(error.id);
      if (!input) return;
      var message = document.createElement("p");
      message.className = "field__error";
      message.id = error.id + "-live-error";
      message.setAttribute("data-live-error", error.id);
      message.textContent = error.message;
      input.insertAdjacentElement("afterend", message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
    });
  }

  function check() {
    fetch(checkUrl, {
      method: "POST",
      body: formBody(),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) return null;
      return response.json();
    }).then(function (result) {
      if (!result) return;
      applyFragments(result.fragments);
      dropFixedFindings();
      showErrors(result.errors);
    }).catch(function () { /* the next save reports the network */ });
  }

  // A finding shown at its field (from the server) goes when the live check no longer
  // links to that field.
  function dropFixedFindings() {
    var panel = document.getElementById("findings-panel");
    if (!panel) return;
    document.querySelectorAll(".field__finding").forEach(function (note) {
      var inputId = note.id.replace(/-finding$/, "");
      if (panel.querySelector("a[href='#" + inputId + "']")) return;
      var input = document.getElementById(inputId);
      if (input) {
        var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== note.id; });
        if (described.length) input.setAttribute("aria-describedby", described.join(" ")); else input.removeAttribute("aria-describedby");
        if (!input.closest(".field--error")) input.removeAttribute("aria-invalid");
      }
      note.remove();
    });
  }

  function save() {
    if (saving) { pending = true; return; }
    saving = true;
    editedSinceSend = {};
    setStatus("saving", texts.saving);
    fetch(form.action, {
      method: "POST",
      body: formBody({ autosave: "1" }),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return { status: "error" }; }).then(function (result) {
        if (response.status === 401) result.status = "expired";
        return result;
      });
    }).then(function (result) {
      saving = false;
      handle(result);
      if (pending) { pending = false; save(); }
    }).catch(function () {
      saving = false;
      setStatus("error", texts.offline);
    });
  }

  // The version in the heading, and the decision and reopen forms' base, follow each save.
  function followVersion(version) {
    var shown = document.getElementById("current-version");
    if (shown) shown.textContent = version;
    document.querySelectorAll("form[data-follows-version] input[name='base_version']").forEach(function (input) {
      input.value = version;
    });
  }

  function handle(result) {
    if (result.fragments) applyFragments(result.fragments);
    if (result.status === "saved" && result.version) followVersion(result.version);
    if (result.status === "saved" && result.structural) {
      // Someone else added or removed items: this page's inputs still match its base
      // version, so it keeps that base and every later save merges onto the latest.
      showErrors([]);
      if (Object.keys(editedSinceSend).length === 0) forget(); else remember();
      setStatus("saved", texts.structural.replace("{version}", result.version));
    } else if (result.status === "saved") {
      baseInput.value = result.version;
      Object.keys(result.fields || {}).forEach(function (name) {
        var input = inputFor(name);
        if (input && input !== document.activeElement && !editedSinceSend[name]) setValue(name, result.fields[name]);
      });
      showErrors([]);
      if (Object.keys(editedSinceSend).length === 0) forget(); else remember();
      setStatus("saved", texts.saved.replace("{version}", result.version));
    } else if (result.status === "invalid") {
      showErrors(result.errors);
      setStatus("error", texts.invalid);
    } else if (result.status === "conflict") {
      setStatus("error", texts.conflict);
      openConflict(result);
    } else if (result.status === "expired") {
      setStatus("error", texts.expired);
    } else if (result.status === "locked") {
      setStatus("error", result.message || texts.locked);
    } else {
      setStatus("error", texts.failed);
    }
  }

  function openConflict(result) {
    var dialog = document.getElementById("conflict-dialog");
    var list = document.getElementById("conflict-list");
    if (!dialog || !list) return;
    list.innerHTML = "";
    result.conflicts.forEach(function (conflict, index) {
      var group = document.createElement("fieldset");
      group.className = "field";
      var legend = document.createElement("legend");
      legend.textContent = conflict.label;
      group.appendChild(legend);
      var choice = document.createElement("div");
      choice.className = "choice";
      [["mine", texts.mine, conflict.mine], ["theirs", texts.theirs, conflict.theirs]].forEach(function (option) {
        var label = document.createElement("label");
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.name = "choice-" + index;
        radio.value = option[0];
        if (option[0] === "mine") radio.checked = true;
        var text = document.createElement("span");
        var strong = document.createElement("strong");
        strong.textContent = option[1];
        text.appendChild(strong);
        text.appendChild(document.createTextNode(option[2] === null || option[2] === "" ? texts.empty : option[2]));
        label.appendChild(radio);
        label.appendChild(text);
        choice.appendChild(label);
      });
      group.appendChild(choice);
      list.appendChild(group);
    });
    dialog.returnValue = "";
    if (result.structural) {
      // Items were added, removed or moved: the choices go to the server as the conflict
      // page's form (the merge, the user's values, the choices) and the page reloads.
      dialog.onclose = function () {
        if (dialog.returnValue !== "apply") return;
        var post = document.createElement("form");
        post.method = "post";
        post.action = form.action;
        post.hidden = true;
        var add = function (name, value) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          post.appendChild(input);
        };
        add("csrf_token", form.querySelector("input[name='csrf_token']").value);
        add("base_version", result.version);
        add("resolve", "1");
        Object.keys(result.fields || {}).forEach(function (name) { add(name, result.fields[name]); });
        result.conflicts.forEach(function (conflict, index) {
          var picked = list.querySelector("input[name='choice-" + index + "']:checked");
          var takeMine = !picked || picked.value === "mine";
          add("choice:" + conflict.path, takeMine ? "mine" : "theirs");
          Object.keys(conflict.mine_fields || {}).forEach(function (name) { add("mine:" + name, conflict.mine_fields[name]); });
        });
        document.body.appendChild(post);
        forget();
        post.submit();
      };
      dialog.showModal();
      var firstChoice = list.querySelector("input");
      if (firstChoice) firstChoice.focus();
      return;
    }
    dialog.onclose = function () {
      var mine = fieldValues();
      Object.keys(result.fields || {}).forEach(function (name) { setValue(name, result.fields[name]); });
      result.conflicts.forEach(function (conflict, index) {
        var picked = list.querySelector("input[name='choice-" + index + "']:checked");
        var takeMine = !picked || picked.value === "mine";
        setValue(conflict.path, takeMine ? (mine[conflict.path] || "") : (conflict.theirs || ""));
      });
      baseInput.value = result.version;
      if (dialog.returnValue === "apply") save();
    };
    dialog.showModal();
    var first = list.querySelector("input");
    if (first) first.focus();
  }

  function edited(event) {
    if (!event.target.name || event.target.name === "csrf_token") return;
    editedSinceSend[event.target.name] = true;
    remember();
    setStatus("dirty", texts.unsaved);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 400);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 3000);
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function () { forget(); });

  var saveNow = document.getElementById("save-now");
  if (saveNow) {
    saveNow.addEventListener("click", function (event) {
      event.preventDefault();
      clearTimeout(saveTimer);
      save();
    });
  }

  // Offer back what was typed but never reached the server.
  try {
    var stored = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (stored && stored.values) {
      var current = fieldValues();
      var changed = Object.keys(stored.values).filter(function (name) {
        return current[name] !== undefined && current[name] !== stored.values[name];
      });
      if (changed.length === 0) {
        forget();
      } else {
        var offer = document.getElementById("restore-offer");
        if (offer) {
          offer.hidden = false;
          document.getElementById("restore-count").textContent = String(changed.length);
          document.getElementById("restore-apply").addEventListener("click", function () {
            changed.forEach(function (name) { setValue(name, stored.values[name]); editedSinceSend[name] = true; });
            baseInput.value = stored.base;
            offer.hidden = true;
            check();
            save();
          });
          document.getElementById("restore-discard").addEventListener("click", function () {
            forget();
            offer.hidden = true;
          });
        }
      }
    }
  } catch (e) { /* unreadable storage: nothing to offer */ }
})();
