-- What people were told goes with it (issue 18).
DROP TABLE "notifications";
