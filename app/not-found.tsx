import Link from "next/link";
import { BOARD_PATH } from "@/lib/board/filters";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-700">This page does not exist, or you do not have access to it.</p>
      <Link href={BOARD_PATH} className="text-blue-800 underline">
        Back to the board
      </Link>
    </div>
  );
}
