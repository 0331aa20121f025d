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

  function showText(text, highlight) {
    const box = $("source-text");
    if (!highlight || !text.includes(highlight)) { box.textContent = text; return; }
    box.innerHTML = text.split(highlight).map(escapeHtml).join(`<mark>${escapeHtml(highlight)}</mark>`);
    const first = box.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
  }

  async function open(reportId, page, highlight) {
    $("source").hidden = false;
    document.body.classList.add("with-source");
    try {
      const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/pages/${page}`);
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || `HTTP ${response.status}`);
      shown = { ...body, highlight };
      $("source-title").textContent = `${body.broker || ""}《${body.title}》${body.date ? " " + body.date : ""}`;
      $("source-page").textContent = `p.${body.page + 1}（共 ${body.page_count} 页）`;
      showText(body.text, highlight);
      $("source-file").href = `/api/reports/${encodeURIComponent(reportId)}/file#page=${body.page + 1}`;
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
