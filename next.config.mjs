const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package directory at run time;
  // bundling it breaks those paths and every page that opens the database answers 500.
  // argon2 is a native addon. pdfkit reads its standard fonts' metrics (.afm files) from its own
  // package directory at run time, as PGlite does its data files.
  // pg-boss and nodemailer are Node libraries with their own runtime requires (pg, cron parsing).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pdfkit", "pg-boss", "pg", "nodemailer"],
  poweredByHeader: false,
  // A review's PDF is /vbus/{id}/reviews/{yyyy-mm}.pdf, but the review page owns that [month]
  // segment (it would get "2026-11.pdf" as its month): the PDF's route lives one level down.
  async rewrites() {
    return [{ source: "/vbus/:id/reviews/:month(\\d{4}-\\d{2})\\.pdf", destination: "/vbus/:id/reviews/:month/pdf" }];
  },
  // The Content-Security-Policy, with its per-request nonce, is set in proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
