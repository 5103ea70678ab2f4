CREATE TABLE "trend_month_counts" (
	"month" date NOT NULL,
	"field" varchar(16) NOT NULL,
	"vbu_id" uuid NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "trend_month_counts_month_field_vbu_id_value_pk" PRIMARY KEY("month","field","vbu_id","value")
);
--> statement-breakpoint
CREATE TABLE "trend_month_keys" (
	"month" date NOT NULL,
	"field" varchar(16) NOT NULL,
	"key_id" uuid NOT NULL,
	"vbu_id" uuid NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "trend_month_keys_month_field_key_id_pk" PRIMARY KEY("month","field","key_id")
);
--> statement-breakpoint
CREATE TABLE "trend_months" (
	"month" date PRIMARY KEY NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trend_month_counts" ADD CONSTRAINT "trend_month_counts_month_trend_months_month_fk" FOREIGN KEY ("month") REFERENCES "public"."trend_months"("month") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_month_keys" ADD CONSTRAINT "trend_month_keys_month_trend_months_month_fk" FOREIGN KEY ("month") REFERENCES "public"."trend_months"("month") ON DELETE cascade ON UPDATE no action;