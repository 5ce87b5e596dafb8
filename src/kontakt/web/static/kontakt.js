// Answers as the resident types. Without this script the form sends GET /?q=… and the server
// renders the same answers, so everything works without it.
"use strict";
(function () {
  const form = document.querySelector("form.search");
  const input = document.getElementById("q");
  const results = document.getElementById("results");
  if (!form || !input || !results || !window.fetch) {
    return;
  }
  const WAIT_MS = 300;
  const titleEnd = document.title;
  const otherLanguage = document.querySelector("header nav a[hreflang]");
  let timer = 0;
  let running = null;

  function stop() {
    clearTimeout(timer);
    if (running) {
      running.abort();
      running = null;
    }
  }

  // Everything that names the question follows what is in the field now.
  function follow(query) {
    const asked = input.value.trim();
    history.replaceState(null, "", asked ? "/?" + query.toString() : location.pathname);
    document.title = asked ? asked + " – " + titleEnd : titleEnd;
    if (otherLanguage) {
      const other = new URLSearchParams({ lang: otherLanguage.hreflang });
      if (asked) {
        other.set("q", input.value);
      }
      otherLanguage.href = "?" + other.toString();
    }
  }

  function place(html) {
    // The fragment is rendered and escaped by the server, the same as the full page.
    const fragment = new DOMParser().parseFromString(html, "text/html");
    // The status line stays the same element, so screen readers announce its new text.
    const status = document.getElementById("status");
    const incoming = fragment.getElementById("status");
    if (!status || !incoming) {
      results.replaceChildren(...fragment.body.childNodes);
      return;
    }
    status.textContent = incoming.textContent;
    status.lang = incoming.lang;
    incoming.remove();
    for (const node of Array.from(results.childNodes)) {
      if (node !== status) {
        node.remove();
      }
    }
    results.append(...fragment.body.childNodes);
  }

  async function show() {
    const query = new URLSearchParams(new FormData(form));
    stop();
    const controller = new AbortController();
    running = controller;
    try {
      const response = await fetch("/svar?" + query.toString(), {
        signal: controller.signal,
        headers: { Accept: "text/html" },
      });
      if (!response.ok && response.status !== 429) {
        return;
      }
      const html = await response.text();
      if (controller !== running) {
        return;
      }
      place(html);
      follow(query);
    } catch (error) {
      // Aborted for a newer question, or the network is gone: the form still works.
    } finally {
      if (controller === running) {
        running = null;
      }
    }
  }

  input.addEventListener("input", function () {
    stop();
    if (input.value.trim().length < 2) {
      return;
    }
    timer = setTimeout(show, WAIT_MS);
  });
})();
