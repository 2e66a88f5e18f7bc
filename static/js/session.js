// The session's end, seen from the page (README "Sessions"):
//
// - a warning before the idle timeout, with "Stay signed in", which asks the server to renew
//   the session (never past its absolute lifetime); every request of this tab, or of another
//   tab of the app, renews the session too, and the warning follows;
// - what a form held when it was posted is kept in this browser tab (sessionStorage) until the
//   next page shows whether it arrived. If that page is the login page, the session had ended:
//   after logging in again the user is taken back to the form's page, and the form is filled
//   in again, if the same user logged in. Nothing is kept anywhere else, never a password or a
//   file, never for more than 30 minutes; logging out (in any tab) or "Discard" forgets it.
"use strict";

(() => {
  const UNSENT = "casework:unsent";
  // What was kept is put back only within this time: on a shared computer, what a user typed
  // does not wait for the next person for long.
  const KEPT_FOR = 30 * 60 * 1000;
  // The login page takes it up only if the post was just made: a post that loaded no page (a
  // download) leaves what it held behind, and that is no form to fill again later.
  const JUST_POSTED = 2 * 60 * 1000;
  // Ends the warning's clock a little before the server's, which started with the request.
  const MARGIN = 2 * 1000;

  // The signed-in user's id: what one user typed is never put back into another's form.
  const signedIn = document.body.dataset.signedIn || "";
  const loginForm = document.querySelector("form[data-login]");
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("casework-session") : null;

  // --- What a form held when it was posted --------------------------------------------------

  function readUnsent() {
    try {
      const unsent = JSON.parse(sessionStorage.getItem(UNSENT) || "null");
      if (unsent && Date.now() - unsent.at < KEPT_FOR) return unsent;
    } catch (error) {
      // Unreadable: nothing to put back.
    }
    sessionStorage.removeItem(UNSENT);
    return null;
  }

  function pathOf(url) {
    const parsed = new URL(url, location.href);
    return parsed.pathname + parsed.search;
  }

  function kept(form) {
    const fields = [];
    for (const element of form.elements) {
      if (!element.name || element.disabled) continue;
      if (["password", "file", "hidden", "submit", "button", "reset"].includes(element.type)) {
        continue;
      }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
      if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.selectedOptions) fields.push([element.name, option.value]);
        continue;
      }
      fields.push([element.name, element.value]);
    }
    return fields;
  }

  function putBack(form, fields) {
    const values = new Map();
    for (const [name, value] of fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    let first = null;
    for (const element of form.elements) {
      if (!values.has(element.name)) continue;
      if (["password", "file", "hidden"].includes(element.type)) continue;
      const wanted = values.get(element.name);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) option.selected = wanted.includes(option.value);
      } else if (wanted.length) {
        element.value = wanted.shift();
        if (!first && element.value && element.tagName !== "SELECT") first = element;
      }
    }
    return first;
  }

  function forget() {
    sessionStorage.removeItem(UNSENT);
    const notice = document.querySelector("[data-unsent-kept]");
    if (notice) notice.hidden = true;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-logout]")) {
      // Logging out forgets what this tab kept, and what the app's other tabs kept.
      forget();
      if (channel) channel.postMessage({ loggedOut: true });
      return;
    }
    if (!signedIn || form.method !== "post" || form.matches("[data-session-nokeep]")) return;
    const fields = kept(form);
    if (!fields.length) return;
    sessionStorage.setItem(
      UNSENT,
      JSON.stringify({
        at: Date.now(),
        user: signedIn,
        page: pathOf(location.href),
        action: pathOf(form.action),
        fields,
      }),
    );
  });

  let unsent = readUnsent();
  if (unsent && loginForm && !unsent.awaitingLogin && Date.now() - unsent.at > JUST_POSTED) {
    sessionStorage.removeItem(UNSENT);
    unsent = null;
  }
  if (unsent && loginForm) {
    // The form's post met the login page: its session had ended. Back to its page after login
    // (the login page's address names that page already).
    unsent.awaitingLogin = true;
    sessionStorage.setItem(UNSENT, JSON.stringify(unsent));
    const next = loginForm.querySelector('input[name="next"]');
    if (next) next.value = unsent.page;
    const notice = document.querySelector("[data-unsent-kept]");
    if (notice) notice.hidden = false;
    const discard = document.querySelector("[data-unsent-discard]");
    if (discard) discard.addEventListener("click", forget);
  } else if (unsent && signedIn) {
    // The next page of the app: either the post arrived, or this is the page to fill again.
    sessionStorage.removeItem(UNSENT);
    const again = unsent.awaitingLogin && unsent.user === signedIn;
    if (again && unsent.page === pathOf(location.href)) {
      const form = [...document.querySelectorAll('form[method="post"]')].find(
        (candidate) => pathOf(candidate.action) === unsent.action,
      );
      if (form) {
        const first = putBack(form, unsent.fields);
        const notice = document.querySelector("[data-unsent-restored]");
        if (notice) notice.hidden = false;
        if (first) first.focus();
      }
    }
  }

  // --- The warning before the idle timeout --------------------------------------------------

  const warning = document.querySelector("[data-session-warning]");
  if (!warning) {
    if (channel) {
      channel.onmessage = (message) => {
        if (message.data.loggedOut) forget();
      };
    }
    return;
  }
  const announce = document.querySelector("[data-session-announce]");
  const idle = Number(warning.dataset.idleSeconds) * 1000;
  const warnBefore = Number(warning.dataset.warnSeconds) * 1000;
  const limit = Date.now() + Number(warning.dataset.limitSeconds) * 1000;
  let endsAt = 0;
  let shown = null;
  let timer = null;

  const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    hour: "2-digit",
    minute: "2-digit",
  });

  function show(state) {
    if (state === shown) return;
    shown = state;
    warning.hidden = state === null;
    for (const part of warning.querySelectorAll("[data-session-state]")) {
      part.hidden = part.dataset.sessionState !== state;
    }
    for (const time of warning.querySelectorAll("[data-session-end]")) {
      time.dateTime = new Date(endsAt).toISOString();
      time.textContent = timeFormat.format(endsAt);
    }
    const part = warning.querySelector(`[data-session-state="${state}"]`);
    const words = part ? [...part.querySelectorAll("h2, p")].map((text) => text.textContent) : [];
    announce.textContent = words.join(" ").replace(/\s+/g, " ").trim();
    // The warning sits at the bottom of the window: the page's end must not hide under it.
    document.body.style.paddingBottom = state === null ? "" : `${warning.offsetHeight}px`;
  }

  function check() {
    clearTimeout(timer);
    const now = Date.now();
    if (now >= endsAt) {
      show("ended");
      return;
    }
    if (now >= endsAt - warnBefore) {
      show(endsAt >= limit - MARGIN ? "final" : "soon");
      timer = setTimeout(check, endsAt - now);
    } else {
      show(null);
      timer = setTimeout(check, endsAt - warnBefore - now);
    }
  }

  // The server renewed the session just now (a page, an htmx request, "Stay signed in").
  function renewed(secondsLeft, fromOtherTab) {
    if (shown === "ended") return;
    const left = secondsLeft === undefined ? idle : secondsLeft * 1000;
    endsAt = Math.min(Date.now() + left, limit) - MARGIN;
    if (channel && !fromOtherTab) channel.postMessage({ endsAt });
    check();
  }

  function ended() {
    endsAt = Date.now();
    check();
  }

  if (channel) {
    channel.onmessage = (message) => {
      if (message.data.loggedOut) {
        forget();
        ended();
      } else if (message.data.endsAt > endsAt && shown !== "ended") {
        endsAt = message.data.endsAt;
        check();
      }
    };
  }

  warning.querySelector("[data-session-extend]").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(event.target.action, {
        method: "POST",
        body: new FormData(event.target),
        headers: { Accept: "application/json" },
        redirect: "manual",
      });
      if (!response.ok) throw new Error(String(response.status));
      renewed((await response.json()).seconds_left);
    } catch (error) {
      ended();
    }
  });

  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) renewed();
  });
  // Timers sleep in a hidden tab or a locked phone: look again when it is back.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) check();
  });

  renewed();
})();
