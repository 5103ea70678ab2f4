// The review pages' URLs, which people share: built here alone.

/** A VBU's reviews, newest first. */
export const reviewsPath = (vbuId: string) => `/vbus/${vbuId}/reviews`;
/** One review; the month as YYYY-MM. */
export const reviewPath = (vbuId: string, month: string) => `/vbus/${vbuId}/reviews/${month}`;
/** The portfolio's reviews of a month (YYYY-MM). */
export const portfolioReviewsPath = (month: string) => `/reviews/${month}`;
export const PORTFOLIO_REVIEWS_PATH = "/reviews";
