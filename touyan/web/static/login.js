// The sign-in page of `touyan serve` with TOUYAN_AUTH: posts the name and password as JSON (the server
// sets an HttpOnly session cookie) and goes to the chat page. URLs are relative (reverse-proxy prefix).
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch("api/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: $("name").value, password: $("password").value }),
    });
    if (response.ok) { location.href = "./"; return; }
    let detail = `登录失败（HTTP ${response.status}）`;
    try { const body = await response.json(); if (typeof body.detail === "string") detail = body.detail; } catch (_e) { /* keep */ }
    $("problem").textContent = detail;
    $("problem").hidden = false;
    $("password").value = "";
  });
})();
