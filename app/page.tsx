import Link from "next/link";
import { requireUserForPage } from "@/lib/auth/session";
import { listPortfolioByLane } from "@/lib/portfolio";

export default async function PortfolioPage() {
  const user = await requireUserForPage("/");
  const lanes = await listPortfolioByLane(user);
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Portfolio</h1>
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-4">
        {lanes.map(({ lane, label, blurb, cards }) => (
          <section
            key={lane}
            aria-labelledby={`lane-${lane}`}
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id={`lane-${lane}`} className="text-lg font-semibold">
              {label} <span className="text-sm font-normal text-slate-600">({cards.length})</span>
            </h2>
            <p className="mb-3 text-sm text-slate-600">{blurb}</p>
            {cards.length === 0 ? (
              <p className="text-sm text-slate-600 italic">No VBUs in this lane.</p>
            ) : (
              <ul className="space-y-2">
                {cards.map((card) => (
                  <li key={card.vbuId} className="rounded border border-slate-200 p-3 hover:border-blue-400">
                    <Link href={`/vbus/${card.vbuId}`} className="font-medium text-blue-900 hover:underline">
                      {card.vbuName}
                    </Link>
                    {card.productName && <p className="text-sm text-slate-700">{card.productName}</p>}
                    <p className="text-xs text-slate-600">GM: {card.gmName}</p>
                    <p className="mt-1 text-xs text-slate-700">
                      <span className="font-medium">Testing:</span> {card.currentlyTesting ?? "nothing chosen"}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
