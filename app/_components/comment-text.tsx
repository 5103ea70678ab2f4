// A comment's text as its author wrote it, with simple Markdown (issue 18): *emphasis*, **strong**,
// `code`, lists, and [links](https://…). Never raw HTML: it is not even parsed as HTML, so `<b>` or
// `<script>` is shown as the characters typed. Headings, images, quotes, rules, indented code and
// link definitions are not parsed either, so a line starting with "#" or ">" reads as written, and
// `![alt](url)` is at most a link. Whatever else the parser makes, only ALLOWED elements reach the
// page (the others are replaced by their text). The line breaks typed are kept: text written as
// plain text before reads as it did.
import Markdown, { type Components, defaultUrlTransform, type Options } from "react-markdown";

/** The elements a comment may become; anything else is replaced by its children (its text). */
const ALLOWED = ["p", "em", "strong", "a", "br", "code", "ul", "ol", "li"];

/** The link protocols a comment may use: web pages and e-mail, never `javascript:` or `data:`. */
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * A link's address if it is an absolute http(s) or mailto address, else undefined (the link is then
 * shown as its text). react-markdown's own check first, then ours: relative addresses are refused
 * too, a comment's link goes somewhere the reader can see in full.
 */
export function safeCommentHref(url: string): string | undefined {
  const checked = defaultUrlTransform(url.trim());
  if (!checked) return undefined;
  try {
    return LINK_PROTOCOLS.has(new URL(checked).protocol) ? checked : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Markdown constructs a comment does not parse (micromark's names): their characters stay text.
 * HTML above all; then what would otherwise be dropped or unwrapped out of sight (a heading's "#",
 * a quote's ">", a rule's "---", a definition's whole line) or made an image.
 */
const NOT_PARSED = [
  "htmlFlow",
  "htmlText",
  "headingAtx",
  "setextUnderline",
  "thematicBreak",
  "blockQuote",
  "codeIndented",
  "definition",
  "labelStartImage",
];

/** A remark plugin: turns the NOT_PARSED constructs off in the parser. */
function plainConstructs(this: { data(): { micromarkExtensions?: unknown[] } }) {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), { disable: { null: NOT_PARSED } }];
}

const REMARK_PLUGINS = [plainConstructs] as Options["remarkPlugins"];

// Each block keeps its own line breaks (pre-line), not the list around it: the newlines the parser
// leaves between blocks would otherwise show as blank lines.
const components: Components = {
  p: ({ children }) => <p className="whitespace-pre-line">{children}</p>,
  ul: ({ children }) => <ul className="list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="list-decimal space-y-1 pl-5">{children}</ol>,
  li: ({ children }) => <li className="whitespace-pre-line">{children}</li>,
  // A fenced block's text holds its line breaks (inline code never does): a block.
  code: ({ children }) =>
    typeof children === "string" && children.includes("\n") ? (
      <code className="block overflow-x-auto rounded bg-slate-100 p-2 font-mono text-[0.9em] whitespace-pre-wrap">
        {children}
      </code>
    ) : (
      <code className="rounded bg-slate-100 px-1 font-mono text-[0.9em]">{children}</code>
    ),
  a: ({ href, children }) => {
    const safe = href === undefined ? undefined : safeCommentHref(href);
    if (!safe) return <>{children}</>;
    // A web page opens in a new tab (the thread stays where it was read), and says so; an e-mail
    // address opens the mail program, no tab.
    const web = !safe.toLowerCase().startsWith("mailto:");
    return (
      <a
        href={safe}
        rel="nofollow noopener noreferrer ugc"
        target={web ? "_blank" : undefined}
        className="font-medium text-blue-800 underline"
      >
        {children}
        {web && <span className="sr-only"> (opens in a new tab)</span>}
      </a>
    );
  },
};

/** A comment's body, rendered on the server: safe links and simple emphasis, never raw HTML. */
export function CommentText({ body, className }: { body: string; className?: string }) {
  return (
    <div className={["space-y-2 break-words", className].filter(Boolean).join(" ")}>
      <Markdown
        remarkPlugins={REMARK_PLUGINS}
        allowedElements={ALLOWED}
        unwrapDisallowed
        skipHtml
        urlTransform={(url) => safeCommentHref(url) ?? ""}
        components={components}
      >
        {body}
      </Markdown>
    </div>
  );
}
