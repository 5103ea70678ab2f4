CREATE TABLE "trend_deltas" (
	"field" varchar(16) NOT NULL,
	"vbu_id" uuid NOT NULL,
	"month" date NOT NULL,
	"value" text NOT NULL,
	"delta" integer NOT NULL,
	CONSTRAINT "trend_deltas_field_vbu_id_month_value_pk" PRIMARY KEY("field","vbu_id","month","value")
);
