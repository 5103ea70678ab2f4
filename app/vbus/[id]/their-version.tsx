"use client";

/** After an edit conflict: what the other person saved, and a way to put one's own edit over it. */
export function TheirVersion({ children, onReplace }: { children: React.ReactNode; onReplace: () => void }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p>
        <span className="font-medium">Their version:</span> {children}
      </p>
      <button
        type="button"
        className="mt-2 rounded-md border border-amber-400 bg-white px-2 py-1 hover:bg-amber-100"
        onClick={onReplace}
      >
        Replace theirs with mine
      </button>
    </div>
  );
}
