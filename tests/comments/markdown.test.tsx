// A comment's text on the page (issue 18): simple Markdown, safe links, and never raw HTML. What
// a hostile comment can write must never reach the markup as an element, an attribute or a
// `javascript:` address; what a plain-text comment wrote before must read as it did.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentText, safeCommentHref } from "../../app/_components/comment-text";

const render = (body: string) => renderToStaticMarkup(<CommentText body={body} />);

/** The tag names in `html`, in order. */
const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase());

const REL = 'rel="nofollow noopener noreferrer ugc"';

describe("a comment's text", () => {
  it("shows *emphasis*, **strong** and `code`", () => {
    const html = render("*quickly* and **now**, run `npm test`");
    expect(html).toContain("<em>quickly</em>");
    expect(html).toContain("<strong>now</strong>");
    expect(html).toMatch(/<code[^>]*>npm test<\/code>/);
  });

  it("makes a web link that opens in a new tab, says so, and passes no standing to it", () => {
    const html = render("See [the deck](https://x.example/deck?a=1&b=2).");
    expect(html).toContain('href="https://x.example/deck?a=1&amp;b=2"');
    expect(html).toContain(REL);
    expect(html).toContain('target="_blank"');
    expect(html).toContain("(opens in a new tab)");
    expect(render("[Ana](mailto:ana@x.example)")).toContain(`href="mailto:ana@x.example" ${REL}`);
  });

  it.each([
    ["a javascript: link", "[x](javascript:alert(1))"],
    ["a javascript: link, in capitals", "[x](JAVASCRIPT:alert(1))"],
    ["a javascript: autolink", "<javascript:alert(1)>"],
    ["a data: link", "[x](data:text/html,<script>alert(1)</script>)"],
    ["a vbscript: link", "[x](vbscript:msgbox(1))"],
    ["a script element", "<script>alert(1)</script>"],
    ["an image with an onerror", "<img src=x onerror=alert(1)>"],
    ["an HTML link", '<a href="javascript:alert(1)">x</a>'],
    ["an HTML block", '<div onmouseover="alert(1)">\n\nhi\n\n</div>'],
    ["a link definition", "[x]: javascript:alert(1)\n\n[x]"],
    ["an entity-encoded address", "[x](&#106;avascript:alert(1))"],
  ])("never turns %s into markup", (_, body) => {
    const html = render(body);
    expect(html).not.toMatch(/<(script|img|iframe)/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
    expect(html).not.toMatch(/(href|src)="[^"]*(javascript|data|vbscript):/i);
    const [container, ...inside] = tags(html);
    expect(container).toBe("div");
    expect(inside.filter((t) => !["p", "a", "span", "em", "strong", "code"].includes(t))).toEqual([]);
  });

  it("shows HTML as the characters typed, never as a tag", () => {
    const html = render("Make it <b>bold</b> & <i>clear</i>");
    expect(html).toContain("Make it &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;clear&lt;/i&gt;");
    expect(tags(html)).toEqual(["div", "p"]);
    expect(render("<script>alert(1)</script>")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("makes no heading, image, quote or rule: their characters stay as written", () => {
    const html = render("# title\n\n![i](https://x.example/i.png)\n\n> quoted\n\n---");
    expect(tags(html)).not.toContain("img");
    expect(tags(html)).not.toContain("h1");
    expect(tags(html)).not.toContain("blockquote");
    expect(tags(html)).not.toContain("hr");
    expect(html).toContain("# title");
    expect(html).toContain("&gt; quoted");
    expect(html).toContain("---");
    expect(render("Title\n=====")).not.toContain("<h1");
  });

  it("shows a link that is not to the web or e-mail as its text", () => {
    for (const body of ["[home](/admin)", "[x](ftp://x.example/f)", "[x](#top)", "[x](//x.example)"]) {
      const html = render(body);
      expect(tags(html), body).toEqual(["div", "p"]);
    }
    expect(safeCommentHref("https://x.example")).toBe("https://x.example");
    expect(safeCommentHref(" javascript:alert(1)")).toBeUndefined();
    expect(safeCommentHref("data:text/html,hi")).toBeUndefined();
  });

  it("keeps the line breaks typed, and a plain-text comment reads as written", () => {
    const html = render("First line\nsecond line\n\nA new paragraph");
    expect(html).toContain("First line\nsecond line</p>");
    expect(html).toContain("A new paragraph</p>");
    expect(html).toMatch(/<p class="[^"]*whitespace-pre-line/);
    expect(render("Numbers: 5 * 3 * 2, snake_case_name, C:\\Users")).toContain(
      "Numbers: 5 * 3 * 2, snake_case_name, C:\\Users",
    );
    expect(render("a bare https://x.example stays text")).not.toContain("<a");
  });

  it("keeps a mention as the @Name written", () => {
    expect(render("@Ana Silva which customers renewed?")).toContain("@Ana Silva which customers renewed?");
    expect(render("@Zoë O’Neil-Smith, thanks")).toContain("@Zoë O’Neil-Smith, thanks");
  });

  it("makes lists of the lines that start with - or 1.", () => {
    expect(tags(render("- a\n- b"))).toEqual(["div", "ul", "li", "li"]);
    expect(tags(render("1. a\n2. b"))).toEqual(["div", "ol", "li", "li"]);
  });
});
