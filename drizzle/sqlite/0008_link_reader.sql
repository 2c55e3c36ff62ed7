PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_scenes` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`status` text NOT NULL,
	`user_id` integer,
	`external_user_id` text,
	`openid` text,
	`browser_key_hash` text,
	`qr_content` text NOT NULL,
	`detail` text,
	`ip` text,
	`user_agent` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "scenes_status_check" CHECK("__new_scenes"."status" in ('pending', 'bound', 'conflict', 'confirming', 'login_ready', 'completed', 'cancelled', 'needs_binding', 'code_sent', 'expired')),
	CONSTRAINT "scenes_purpose_check" CHECK("__new_scenes"."purpose" in ('bind', 'login', 'verify', 'checkin', 'link'))
);
--> statement-breakpoint
INSERT INTO `__new_scenes`("id", "purpose", "status", "user_id", "external_user_id", "openid", "browser_key_hash", "qr_content", "detail", "ip", "user_agent", "created_at", "updated_at", "expires_at") SELECT "id", "purpose", "status", "user_id", "external_user_id", "openid", "browser_key_hash", "qr_content", "detail", "ip", "user_agent", "created_at", "updated_at", "expires_at" FROM `scenes`;--> statement-breakpoint
DROP TABLE `scenes`;--> statement-breakpoint
ALTER TABLE `__new_scenes` RENAME TO `scenes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `scenes_user_idx` ON `scenes` (`user_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `scenes_expires_idx` ON `scenes` (`expires_at`);