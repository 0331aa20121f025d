// The small Markdown subset the agents write (headings, lists, tables, bold), with citations turned into
// links that open the cited page and read 《标题》p.N, N the page a PDF viewer shows: [《标题》p.N] is
// 1-based already; [《标题》· p.N] (answers stored before) and [券商 · report_id · p.N] are 0-based.
(function () {
  "use strict";
  const TITLE_CITE = /\[《([^》\]]*)》(· )?p\.(\d+)\]/g;
  const ID_CITE = /\[([^\[\]·]+) · ([0-9a-f]{16}) · p\.(\d+)\]/g;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // `page` is 0-based (what the API takes); labels show it 1-based.
  function citationHtml(label, reportId, page) {
    if (!reportId) return `<span class="cite missing" title="研报库中找不到这份研报">${escapeHtml(label)}</span>`;
    return `<a class="cite" href="#" data-report="${escapeHtml(reportId)}" data-page="${page}">${escapeHtml(label)}</a>`;
  }

  // Citations become placeholders first so escaping and bold never touch them.
  function inline(text, citations, links) {
    let out = text.replace(TITLE_CITE, (_all, title, stored, page) => {
      const index = stored ? Number(page) : Math.max(Number(page) - 1, 0);
      links.push(citationHtml(`《${title}》p.${index + 1}`, citations[title], index));
      return `\u0000${links.length - 1}\u0000`;
    });
    out = out.replace(ID_CITE, (_all, broker, reportId, page) => {
      const title = Object.keys(citations).find((t) => citations[t] === reportId);
      const label = `${broker.trim()}${title ? `《${title}》` : " "}p.${Number(page) + 1}`;
      links.push(citationHtml(label, reportId, Number(page)));
      return `\u0000${links.length - 1}\u0000`;
    });
    out = escapeHtml(out)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
    return out.replace(/\u0000(\d+)\u0000/g, (_m, i) => links[Number(i)]);
  }

  function table(rows, citations, links) {
    const cells = (line) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => inline(c.trim(), citations, links));
    const body = rows.filter((r) => !/^\s*\|?\s*:?-{3,}/.test(r));
    const [head, ...rest] = body;
    const th = cells(head).map((c) => `<th>${c}</th>`).join("");
    const trs = rest.map((r) => `<tr>${cells(r).map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
    return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
  }

  window.renderMarkdown = function (text, citations) {
    citations = citations || {};
    const links = [];
    const lines = (text || "").replace(/\r\n/g, "\n").split("\n");
    const html = [];
    let list = null;
    let para = [];
    const flushPara = () => { if (para.length) html.push(`<p>${para.join("<br>")}</p>`); para = []; };
    const flushList = () => { if (list) html.push(`<${list.tag}>${list.items.join("")}</${list.tag}>`); list = null; };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let m;
      if (/^\s*\|/.test(line)) {
        flushPara(); flushList();
        const rows = [];
        while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(lines[i++]);
        i--;
        html.push(table(rows, citations, links));
      } else if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
        flushPara(); flushList();
        const level = Math.min(m[1].length + 2, 6);
        html.push(`<h${level}>${inline(m[2], citations, links)}</h${level}>`);
      } else if ((m = /^\s*(?:([-*•])|(\d+)[.、])\s+(.*)$/.exec(line))) {
        flushPara();
        const tag = m[1] ? "ul" : "ol";
        if (!list || list.tag !== tag) { flushList(); list = { tag, items: [] }; }
        list.items.push(`<li>${inline(m[3], citations, links)}</li>`);
      } else if (!line.trim()) {
        flushPara(); flushList();
      } else {
        flushList();
        para.push(inline(line, citations, links));
      }
    }
    flushPara(); flushList();
    return html.join("");
  };
})();
