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
  let timer = 0;
  let running = null;

  async function show() {
    const query = new URLSearchParams(new FormData(form));
    if (running) {
      running.abort();
    }
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
      // The fragment is rendered and escaped by the server, the same as the full page.
      const fragment = new DOMParser().parseFromString(html, "text/html");
      // The status line stays the same element, so screen readers announce its new text.
      const status = document.getElementById("status");
      const incoming = fragment.getElementById("status");
      if (status && incoming) {
        status.textContent = incoming.textContent;
        incoming.remove();
        for (const node of Array.from(results.childNodes)) {
          if (node !== status) {
            node.remove();
          }
        }
        results.append(...fragment.body.childNodes);
      } else {
        results.replaceChildren(...fragment.body.childNodes);
      }
      const address = input.value.trim() ? "/?" + query.toString() : location.pathname;
      history.replaceState(null, "", address);
    } catch (error) {
      if (error.name !== "AbortError") {
        throw error;
      }
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (input.value.trim().length < 2) {
      return;
    }
    timer = setTimeout(show, WAIT_MS);
  });
})();
