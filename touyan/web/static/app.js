// The chat page: thread list, streamed answers over server-sent events, citations that open the
// cited page in the side panel, and the concept graph inline. Plain JS, no build step.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const state = { thread: null, busy: false, maxChars: 8000, shown: 0, csrf: null };
  const HINT = $("empty-hint").textContent;

  // URLs are relative to the page, so it also works under a reverse proxy's path prefix (TOUYAN_ROOT_PATH).
  // With sign-in on, a change carries the session's CSRF token; a lapsed session goes to the sign-in page.
  async function call(path, options) {
    const opts = { ...(options || {}) };
    if (opts.method && opts.method !== "GET" && state.csrf) opts.headers = { ...(opts.headers || {}), "X-CSRF-Token": state.csrf };
    const response = await fetch(path, opts);
    if (response.status === 401) { location.href = "login"; throw new Error("请先登录"); }
    return response;
  }

  async function api(path, options) {
    const response = await call(path, options);
    if (!response.ok) throw new Error(await problem(response));
    return response.json();
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_e) {
      return `请求失败（HTTP ${response.status}）`;
    }
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- threads ------------------------------------------------------------------------------
  async function loadThreads() {
    const threads = await api("api/threads");
    const list = $("threads");
    list.replaceChildren(...threads.map((t) => {
      const item = el("li", t.thread_id === state.thread ? "active" : "");
      const link = el("a", "", t.title || "（新会话）");
      link.href = `#thread=${t.thread_id}`;
      link.dataset.thread = t.thread_id;
      item.append(link, el("small", "", `${t.turns} 轮`));
      return item;
    }));
  }

  function threadFromHash() {
    const m = /thread=([0-9a-zA-Z_-]+)/.exec(location.hash);
    return m ? m[1] : null;
  }

  async function openThread(id) {
    state.thread = id;
    $("messages").replaceChildren();
    if (!id) {
      $("thread-title").textContent = "新会话";
      $("messages").append(el("p", "hint", HINT));
      state.shown = 0;
      return loadThreads();
    }
    try {
      const thread = await api(`api/threads/${id}`);
      $("thread-title").textContent = thread.title || "新会话";
      thread.messages.forEach((m) => (m.role === "user" ? addUser(m.text) : addAnswer(m)));
      state.shown = thread.messages.length;
    } catch (e) {
      $("messages").append(el("div", "error", e.message));
    }
    await loadThreads();
  }

  // -- messages -----------------------------------------------------------------------------
  function scrollDown() {
    const box = $("messages");
    box.scrollTop = box.scrollHeight;
  }

  function addUser(text) {
    const node = el("div", "msg user");
    node.append(el("div", "body", text));
    $("messages").append(node);
    scrollDown();
  }

  function bubble() {
    const node = el("div", "msg assistant");
    node.append(el("div", "agents"), el("div", "body"));
    $("messages").append(node);
    return node;
  }

  function setAgent(node, name, status) {
    const box = node.querySelector(".agents");
    let chip = [...box.children].find((c) => c.dataset.agent === name);
    if (!chip) {
      chip = el("span", "agent");
      chip.dataset.agent = name;
      box.append(chip);
    }
    chip.classList.toggle("running", status === "start");
    chip.textContent = status === "start" ? `${name} 工作中…` : `${name} ✓`;
    const bar = $("status");
    bar.hidden = status !== "start";
    bar.textContent = status === "start" ? `${name} 正在工作…` : "";
  }

  function finishAnswer(node, answer) {
    node.classList.remove("streaming");
    node.querySelectorAll(".agent.waiting").forEach((chip) => chip.remove());
    node.querySelector(".body").innerHTML = window.renderMarkdown(answer.text, answer.citations);
    (answer.agents || []).forEach((a) => setAgent(node, a, "done"));
    if (answer.concept_url) {
      const frame = el("iframe", "concept");
      const url = answer.concept_url.replace(/^\//, "");
      frame.src = `${url}&inline=1`;
      frame.title = "产业链图谱";
      frame.setAttribute("sandbox", "");
      const open = el("a", "concept-open", "在新窗口打开产业链图谱");
      open.href = url;
      open.target = "_blank";
      node.append(frame, open);
    }
  }

  function addAnswer(answer) {
    const node = bubble();
    finishAnswer(node, answer);
    $("status").hidden = true;
    return node;
  }

  // -- one turn over server-sent events ---------------------------------------------------
  function parseEvents(buffer, onEvent) {
    const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
    const rest = blocks.pop();
    for (const block of blocks) {
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart());
      if (data.length) onEvent(JSON.parse(data.join("\n")));
    }
    return rest;
  }

  class Refused extends Error {}

  async function send(text) {
    if (!state.thread) {
      const created = await api("api/threads", { method: "POST" });
      state.thread = created.thread_id;
      history.replaceState(null, "", `#thread=${created.thread_id}`);
      $("messages").replaceChildren();
    }
    const thread = state.thread;
    const response = await call(`api/threads/${thread}/messages`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }),
    });
    if (!response.ok) throw new Refused(await problem(response));  // e.g. too long: nothing was sent
    addUser(text);
    const node = bubble();
    node.classList.add("streaming");
    let streamed = "";
    let pending = false;
    const body = node.querySelector(".body");
    const paint = () => {
      pending = false;
      if (!node.classList.contains("streaming")) return;  // the final message (with links) already arrived
      body.innerHTML = window.renderMarkdown(streamed, {});
      scrollDown();
    };
    const onEvent = (ev) => {
      if (ev.type === "waiting") node.querySelector(".agents").append(el("span", "agent waiting", ev.text));
      else if (ev.type === "agent") setAgent(node, ev.agent, ev.status);
      else if (ev.type === "token") {
        streamed += ev.text;
        if (!pending) { pending = true; requestAnimationFrame(paint); }
      } else if (ev.type === "message") finishAnswer(node, ev);
      else if (ev.type === "error") body.append(el("div", "error", ev.text));
    };
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), onEvent);
    }
    node.classList.remove("streaming");
    $("status").hidden = true;
    state.shown += 2;
    await resync(thread);
  }

  // Another tab may have added turns to this thread meanwhile: then show the thread as stored.
  async function resync(thread) {
    if (state.thread !== thread) return;
    const stored = await api(`api/threads/${thread}`);
    $("thread-title").textContent = stored.title || "新会话";
    if (stored.messages.length !== state.shown) await openThread(thread);
    else await loadThreads();
  }

  // -- wiring -------------------------------------------------------------------------------
  function updateCounter() {
    const n = $("input").value.length;
    $("counter").textContent = n > state.maxChars ? `${n} 字，超过 ${state.maxChars} 字上限` : n ? `${n} 字` : "";
    $("counter").classList.toggle("over", n > state.maxChars);
  }

  async function submit(event) {
    if (event) event.preventDefault();
    const text = $("input").value.trim();
    if (state.busy) return;
    if (!text) { $("counter").textContent = "请输入问题。"; return; }
    state.busy = true;
    $("send").disabled = true;
    $("input").value = "";
    $("counter").textContent = "";
    try {
      await send(text);
    } catch (e) {
      if (e instanceof Refused) {
        $("input").value = text;  // keep it, so it can be shortened
        $("counter").textContent = e.message;
        $("counter").classList.add("over");
      } else {
        $("messages").append(el("div", "error", `连接中断：${e.message}`));
      }
    } finally {
      state.busy = false;
      $("send").disabled = false;
      $("input").focus();
    }
  }

  $("composer").addEventListener("submit", submit);
  $("input").addEventListener("input", updateCounter);
  $("input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
  });
  $("new-thread").addEventListener("click", () => { history.replaceState(null, "", "#"); openThread(null); });
  window.addEventListener("hashchange", () => { if (threadFromHash() !== state.thread) openThread(threadFromHash()); });
  $("messages").addEventListener("click", (e) => {
    const link = e.target.closest("a.cite");
    if (!link) return;
    e.preventDefault();
    window.SourcePanel.open(link.dataset.report, Number(link.dataset.page), window.SourcePanel.citedName(link));
  });

  api("api/session").then((me) => {
    state.csrf = me.csrf_token;
    if (!me.user) return;
    $("account").hidden = false;
    $("account-name").textContent = `${me.user}${me.role === "admin" ? "（管理员）" : ""}`;
  }).catch(() => {});
  $("logout").addEventListener("click", async () => {
    await call("api/logout", { method: "POST" });
    location.href = "login";
  });

  api("api/info").then((info) => {
    state.maxChars = info.max_message_chars;
    if (info.banner) { $("banner").textContent = info.banner; $("banner").hidden = false; }
    else { $("banner").textContent = `引擎：${info.engine}（${info.model}）`; $("banner").className = "engine"; $("banner").hidden = false; }
  });
  openThread(threadFromHash());
})();
