import MarkdownIt from "markdown-it";

// Course descriptions are Markdown written by the secretariat. Raw HTML is off (html: false,
// so tags are shown as text) and only http(s), mailto and site-relative links survive, so a
// description can never carry a script or a javascript: link into a page.

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

md.validateLink = (url: string): boolean => {
  const u = url.trim().toLowerCase();
  if (u.startsWith("/") && !u.startsWith("//")) return true;
  return /^(https?:|mailto:)/.test(u);
};

// Links leave the site in a new tab only when the author wrote an absolute URL; rel keeps
// the opened page from reaching back into this one.
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet("href") ?? "");
  if (/^https?:/i.test(href)) token.attrSet("rel", "noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for a course description. */
// Course pages render the same few descriptions over and over: keep recent results.
const rendered = new Map<string, string>();
const RENDERED_MAX = 200;

export function renderMarkdown(source: string): string {
  const hit = rendered.get(source);
  if (hit !== undefined) return hit;
  const html = md.render(source);
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(source, html);
  return html;
}

/** Plain text of a description, for search and summaries. */
export function markdownToPlainText(source: string): string {
  return source
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_`~|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
