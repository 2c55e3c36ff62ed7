CREATE TABLE "metric_minutes" (
	"minute" bigint NOT NULL,
	"instance" text NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "metric_minutes_minute_instance_pk" PRIMARY KEY("minute","instance")
);
--> statement-breakpoint
CREATE TABLE "ops_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" bigint NOT NULL
);
