import type { Metadata } from "next";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Canvas", template: "%s · Canvas" },
  description: "One-page strategy canvases for every business unit, read by lifecycle lane.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {/* First in tab order: past the header's links to the page itself (WCAG 2.4.1). */}
        <a
          href="#main"
          className="sr-only rounded-md bg-blue-700 print:hidden px-4 py-3 font-medium text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to main content
        </a>
        {/* Paper needs neither the site's links nor "Sign out". */}
        <div className="contents print:hidden">
          <SiteHeader />
        </div>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-6 py-8 print:max-w-none print:p-0">
          {children}
        </main>
      </body>
    </html>
  );
}
