CREATE TABLE `keyword_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`scene_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keyword_codes_scene_id_unique` ON `keyword_codes` (`scene_id`);--> statement-breakpoint
CREATE INDEX `keyword_codes_expires_idx` ON `keyword_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `wechat_windows` (
	`openid` text PRIMARY KEY NOT NULL,
	`message_until` integer NOT NULL,
	`message_left` integer NOT NULL,
	`event_until` integer NOT NULL,
	`event_left` integer NOT NULL
);
