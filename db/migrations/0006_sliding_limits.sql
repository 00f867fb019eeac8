CREATE TABLE "client_rates" (
	"bucket" text PRIMARY KEY NOT NULL,
	"tat" timestamp with time zone NOT NULL,
	"refused" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lockouts" (
	"bucket" text PRIMARY KEY NOT NULL,
	"tries" timestamp with time zone[] NOT NULL,
	"locked_until" timestamp with time zone,
	"max_tries" integer NOT NULL,
	"window_ms" integer NOT NULL,
	"refused" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
-- The fixed-window counters of these limits are replaced by the tables above; they name clients.
DELETE FROM "rate_counters" WHERE "bucket" LIKE 'signin-account:%' OR "bucket" LIKE 'signin-ip:%' OR "bucket" LIKE 'totp-operator:%' OR "bucket" LIKE 'public-ip:%';
