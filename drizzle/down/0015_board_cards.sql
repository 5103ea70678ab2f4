-- Derived data only (the board's cards): drizzle/0016 fills it again from the canvases.
DROP TABLE "board_cards";
