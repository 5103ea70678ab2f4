// Content-Disposition for downloads (RFC 6266): always "attachment", an ASCII fallback name
// for old clients and the exact name in filename* (RFC 5987 UTF-8 encoding).
export function attachmentDisposition(filename: string): string {
  const fallback = filename
    .normalize("NFKD")
    .replace(/[^\x20-\x7E]/g, "")
    .replace(/["\\%;]/g, "_")
    .trim();
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback || "evidence"}"; filename*=UTF-8''${encoded}`;
}
