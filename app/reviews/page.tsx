import { redirect } from "next/navigation";
import { portfolioReviewsPath } from "@/lib/reviews/paths";
import { monthAt, monthParam } from "@/lib/reviews/vocabulary";

/** /reviews is this month's reviews. */
export default function ReviewsIndex(): never {
  redirect(portfolioReviewsPath(monthParam(monthAt(new Date()))));
}
