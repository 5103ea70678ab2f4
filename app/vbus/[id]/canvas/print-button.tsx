"use client";
import { ClientButton } from "@/app/_components/client-button";

/** Opens the browser's own print dialog; the print stylesheet makes the sheet one landscape page. */
export function PrintButton({ className }: { className: string }) {
  return (
    <ClientButton className={className} onClick={() => window.print()}>
      Print
    </ClientButton>
  );
}
