DROP TABLE "change_history";
