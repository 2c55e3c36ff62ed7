CREATE TABLE `event_signups` (
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`signed_up_at` integer NOT NULL,
	`walk_in` integer DEFAULT false NOT NULL,
	`checked_in_at` integer,
	`arrival` integer,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_signups_arrival_idx` ON `event_signups` (`event_id`,`arrival`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`place` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`signup_deadline` integer NOT NULL,
	`walk_ins_allowed` integer NOT NULL,
	`signed_up` integer DEFAULT 0 NOT NULL,
	`checked_in` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "events_capacity_check" CHECK("events"."capacity" > 0),
	CONSTRAINT "events_signed_up_check" CHECK("events"."signed_up" >= 0 and "events"."signed_up" <= "events"."capacity"),
	CONSTRAINT "events_times_check" CHECK("events"."ends_at" >= "events"."starts_at")
);
