CREATE TABLE "keyword_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"scene_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint,
	CONSTRAINT "keyword_codes_scene_id_unique" UNIQUE("scene_id")
);
--> statement-breakpoint
CREATE TABLE "wechat_windows" (
	"openid" text PRIMARY KEY NOT NULL,
	"message_until" bigint NOT NULL,
	"message_left" integer NOT NULL,
	"event_until" bigint NOT NULL,
	"event_left" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "keyword_codes_expires_idx" ON "keyword_codes" USING btree ("expires_at");