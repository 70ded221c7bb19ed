/*
 * Print preparation for the PDF edition (brief.pdf, `make pdf`): runs in the built page in
 * Chromium before page.pdf(). brief.pdf adds it as an init script, so it is not part of the
 * site and the pages' Content Security Policy does not apply to it.
 *
 * window.briefPrint.prepare({publicBase, pages, book, titlePage, title})
 *   Links into the site point at the public address (a PDF is read away from the site), or
 *   at their target inside the PDF. For the whole book (book: true) every page in `pages` is
 *   fetched and appended after the title page; its ids get the page name as prefix, since
 *   every chapter has its own "quellen", "id1", ... Ids inside the chart SVGs are left alone:
 *   they are unique already and referenced by url(#...) in styles. Every <details> (chart
 *   description and data table) is opened. Each figure, its caption and its table are
 *   wrapped so that the print stylesheet can keep them on one sheet where they fit.
 *   Returns the number of chart pictures.
 *
 * window.briefPrint.numberContents(starts)
 *   Writes the page on which each chapter starts after its entry in the title page's
 *   contents, replacing numbers written before (Chromium has no CSS target-counter;
 *   brief.pdf knows the pages from the handouts' lengths or from a first print's bookmarks).
 */
(function () {
  "use strict";

  function rewrite(root, page, context) {
    const origin = location.origin;
    const pageUrl = origin + "/" + page + ".html";
    if (context.book) {
      root.querySelectorAll("[id]").forEach(function (el) {
        if (!el.closest("svg")) el.id = page + "--" + el.id;
      });
    }
    root.querySelectorAll("a[href]").forEach(function (a) {
      const url = new URL(a.getAttribute("href"), pageUrl);
      if (url.origin !== origin) return;
      const name = (url.pathname.match(/^\/([^/]+)\.html$/) || [])[1];
      if (!context.book && name === page && url.hash) {
        a.setAttribute("href", url.hash);
      } else if (context.inPdf.has(name)) {
        a.setAttribute("href", "#" + name + (url.hash ? "--" + url.hash.slice(1) : ""));
      } else {
        a.setAttribute("href", context.publicBase + url.pathname.slice(1) + url.hash);
      }
      a.classList.add("brief-internal");
    });
    root.querySelectorAll("script").forEach(function (s) { s.remove(); });
    root.querySelectorAll("details").forEach(function (d) { d.open = true; });
  }

  async function chapterOf(page, current, article) {
    if (page === current) return article;
    const response = await fetch(page + ".html");
    if (!response.ok) throw new Error(page + ".html: HTTP " + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    return document.importNode(doc.querySelector("article.bd-article"), true);
  }

  async function prepare(options) {
    const context = {
      book: options.book,
      publicBase: options.publicBase,
      inPdf: new Set(options.book ? options.pages : []),
    };
    const article = document.querySelector("article.bd-article");
    const current = location.pathname.replace(/^\//, "").replace(/\.html$/, "");
    if (!options.book) {
      rewrite(article, current, context);
    } else {
      const chapters = [];
      for (const page of options.pages) {
        const source = await chapterOf(page, current, article);
        const chapter = document.createElement("div");
        chapter.className = "brief-book-chapter";
        chapter.append(...Array.from(source.childNodes));
        rewrite(chapter, page, context);
        chapter.id = page;
        chapters.push(chapter);
      }
      const cover = document.createElement("div");
      cover.innerHTML = options.titlePage;
      article.replaceChildren(...cover.childNodes, ...chapters);
      document.title = options.title;
    }
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    await document.fonts.ready;
    return headings(article);
  }

  // The headings as a reader sees them (the "#" link left out), in order: brief.pdf gives
  // the PDF's bookmarks these texts.
  function headings(root) {
    return Array.from(root.querySelectorAll("h1, h2, h3, h4, h5, h6")).map(function (h) {
      const copy = h.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
      return copy.textContent.replace(/\s+/g, " ").trim();
    });
  }

  function numberContents(starts) {
    document.querySelectorAll(".brief-title-toc li").forEach(function (li, i) {
      li.querySelectorAll(".brief-toc-page").forEach(function (old) { old.remove(); });
      const n = document.createElement("span");
      n.className = "brief-toc-page";
      n.textContent = starts[i];
      li.append(n);
    });
  }

  window.briefPrint = { prepare: prepare, numberContents: numberContents };
})();
