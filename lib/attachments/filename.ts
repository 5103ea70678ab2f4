import { hiddenCharacterIn } from "../text";
import { ALLOWED_EXTENSIONS, ALLOWED_SUMMARY, ATTACHMENT_NAME_MAX } from "./vocabulary";

// What an evidence file may be called: checked by the server on every upload, and by the
// upload form before it sends a byte (the same rule, so the same message).

// An inner extension like these makes a name such as "report.php.png" a disguise.
const DISGUISING = new Set([
  "php",
  "phtml",
  "phar",
  "asp",
  "aspx",
  "jsp",
  "cgi",
  "pl",
  "py",
  "rb",
  "sh",
  "bash",
  "exe",
  "dll",
  "bat",
  "cmd",
  "com",
  "ps1",
  "vbs",
  "js",
  "mjs",
  "html",
  "htm",
  "xhtml",
  "svg",
  "shtml",
  "jar",
  "msi",
  "scr",
  "hta",
]);

/** Reads the name a file was uploaded with: the name (NFC, trimmed) and its extension, or what is wrong with it. */
export function readFilename(raw: string): { filename: string; extension: string } | { problem: string } {
  const filename = raw.normalize("NFC").trim();
  if (filename === "") return { problem: "The file has no name." };
  if (/[/\\]/.test(filename) || /^\.+$/.test(filename)) {
    return { problem: "A file name cannot contain folders (/ or \\). Rename the file." };
  }
  const hidden = hiddenCharacterIn(filename, "name");
  if (hidden) return { problem: `The file name contains a hidden character (${hidden}). Rename the file.` };
  if (filename.length > ATTACHMENT_NAME_MAX) {
    return { problem: `File names can be at most ${ATTACHMENT_NAME_MAX} characters. Rename the file.` };
  }
  const parts = filename.split(".");
  const extension = parts.length > 1 ? parts.at(-1)!.toLowerCase() : "";
  if (!ALLOWED_EXTENSIONS.includes(extension)) {
    return { problem: `Only ${ALLOWED_SUMMARY} files can be attached: the name must end in one of those.` };
  }
  const disguise = parts.slice(1, -1).find((p) => DISGUISING.has(p.toLowerCase()));
  if (disguise) return { problem: `The name hides another type (.${disguise}). Rename the file.` };
  return { filename, extension };
}
