// The side panel with a cited report page; the company named right before the citation is highlighted.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const NAME_BEFORE = /([\u4e00-\u9fffA-Za-z]{2,12})\s*\(\d{6}\.[A-Z]{2}\)\s*$/;
  let shown = null;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // "宗申动力(001696.SZ)[《…》· p.2]": the text just before the link names what the page should show.
  function citedName(link) {
    const before = link.previousSibling ? link.previousSibling.textContent : "";
    const m = NAME_BEFORE.exec(before);
    return m ? m[1] : null;
  }

  // Page text is data: everything is escaped; runs of "| a | b |" lines (how the parser writes a table's
  // rows) become one HTML table with its rows and cells, the rest keeps its line breaks.
  const ROW = /^\s*\|.*\|\s*$/;
  const RULE = /^\s*\|?\s*:?-{3,}/;

  function pageHtml(text, highlight) {
    const mark = (s) => {
      const safe = escapeHtml(s);
      return highlight ? safe.split(escapeHtml(highlight)).join(`<mark>${escapeHtml(highlight)}</mark>`) : safe;
    };
    const out = [];
    let rows = [];
    let lines = [];
    const flushRows = () => {
      if (rows.length) out.push(`<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${mark(c)}</td>`).join("")}</tr>`).join("")}</table>`);
      rows = [];
    };
    const flushLines = () => {
      if (lines.length) out.push(`<div class="lines">${mark(lines.join("\n"))}</div>`);
      lines = [];
    };
    for (const line of text.split("\n")) {
      if (ROW.test(line)) {
        flushLines();
        if (!RULE.test(line)) rows.push(line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim()));
      } else {
        flushRows();
        lines.push(line);
      }
    }
    flushRows();
    flushLines();
    return out.join("");
  }

  function showText(text, highlight) {
    const box = $("source-text");
    box.innerHTML = pageHtml(text, highlight && text.includes(highlight) ? highlight : null);
    const first = box.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
  }

  async function open(reportId, page, highlight) {
    $("source").hidden = false;
    document.body.classList.add("with-source");
    try {
      const response = await fetch(`api/reports/${encodeURIComponent(reportId)}/pages/${page}`);
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || `HTTP ${response.status}`);
      shown = { ...body, highlight };
      $("source-title").textContent = `${body.broker || ""}《${body.title}》${body.date ? " " + body.date : ""}`;
      $("source-page").textContent = `p.${body.page + 1}（共 ${body.page_count} 页）`;
      showText(body.text, highlight);
      $("source-file").href = `api/reports/${encodeURIComponent(reportId)}/file#page=${body.page + 1}`;
      $("source-prev").disabled = body.page <= 0;
      $("source-next").disabled = body.page >= body.page_count - 1;
    } catch (e) {
      $("source-title").textContent = "无法打开引用";
      $("source-text").textContent = e.message;
    }
  }

  function close() {
    $("source").hidden = true;
    document.body.classList.remove("with-source");
  }

  $("source-close").addEventListener("click", close);
  $("source-prev").addEventListener("click", () => open(shown.report_id, shown.page - 1, shown.highlight));
  $("source-next").addEventListener("click", () => open(shown.report_id, shown.page + 1, shown.highlight));
  window.SourcePanel = { open, close, citedName };
})();
