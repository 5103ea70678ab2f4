// An email's two bodies, text and HTML, from one description: a heading, sections of lines (each
// with an optional link), and the unsubscribe footer. Everything written into the HTML is escaped:
// comment bodies and names are people's input.

export interface EmailLine {
  text: string;
  /** An absolute URL. */
  href?: string;
  /** A quotation under the line (a comment's text), shown as written. */
  quote?: string;
}

export interface EmailSection {
  title?: string;
  lines: EmailLine[];
}

export interface EmailContent {
  heading: string;
  intro?: string;
  sections: EmailSection[];
  /** Why they receive it and how to stop: "You receive this because…". */
  footer: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** Text made safe inside HTML, attribute values included. */
export const escapeHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

export function renderEmail(content: EmailContent): { text: string; html: string } {
  const text = [
    content.heading,
    "",
    ...(content.intro ? [content.intro, ""] : []),
    ...content.sections.flatMap((section) => [
      ...(section.title ? [section.title, "-".repeat(section.title.length)] : []),
      ...section.lines.flatMap((line) => [
        `- ${line.text}`,
        ...(line.quote ? line.quote.split("\n").map((l) => `  > ${l}`) : []),
        ...(line.href ? [`  ${line.href}`] : []),
      ]),
      "",
    ]),
    "--",
    content.footer,
    `Unsubscribe: ${content.unsubscribeUrl}`,
    `Choose what you receive: ${content.preferencesUrl}`,
    "",
  ].join("\n");

  const line = (l: EmailLine) =>
    `<li style="margin:0 0 8px">${l.href ? `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>` : escapeHtml(l.text)}${
      l.quote
        ? `<blockquote style="margin:4px 0 0;padding-left:8px;border-left:3px solid #cbd5e1;color:#334155;white-space:pre-line">${escapeHtml(l.quote)}</blockquote>`
        : ""
    }</li>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.heading)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:640px;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${escapeHtml(content.heading)}</h1>
${content.intro ? `<p>${escapeHtml(content.intro)}</p>` : ""}
${content.sections
  .map(
    (s) =>
      `${s.title ? `<h2 style="font-size:16px;margin:16px 0 8px">${escapeHtml(s.title)}</h2>` : ""}<ul style="padding-left:20px">${s.lines.map(line).join("")}</ul>`,
  )
  .join("\n")}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 8px">
<p style="font-size:12px;color:#475569">${escapeHtml(content.footer)}
<a href="${escapeHtml(content.unsubscribeUrl)}">Unsubscribe</a> ·
<a href="${escapeHtml(content.preferencesUrl)}">Choose what you receive</a></p>
</body></html>
`;
  return { text, html };
}
