import { redirect } from "next/navigation";
import { BOARD_PATH, type SearchParams, toSearchParams } from "@/lib/board/filters";

// The board lived at "/" before it had its own address: links shared since (/?gm=…&status=…)
// still open the same view. The board page itself checks the session and cleans the query.
export default async function Home({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = toSearchParams(await searchParams).toString();
  redirect(query ? `${BOARD_PATH}?${query}` : BOARD_PATH);
}
