CREATE TABLE `metric_minutes` (
	`minute` integer NOT NULL,
	`instance` text NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`minute`, `instance`)
);
--> statement-breakpoint
CREATE TABLE `ops_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
