CREATE TYPE "public"."attempt_channel" AS ENUM('public', 'applicant');--> statement-breakpoint
CREATE TYPE "public"."attempt_state" AS ENUM('sending', 'sent', 'verified', 'expired', 'locked', 'superseded', 'send-failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"login" varchar(64) NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" serial PRIMARY KEY NOT NULL,
	"tax_id" varchar(8) NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_tax_id_unique" UNIQUE("tax_id"),
	CONSTRAINT "companies_tax_id_digits" CHECK ("companies"."tax_id" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "passes" (
	"id" serial PRIMARY KEY NOT NULL,
	"pass_number" varchar(32) NOT NULL,
	"holder_identity_number" varchar(10) NOT NULL,
	"holder_name" text NOT NULL,
	"company_id" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"verified_mobile" varchar(10),
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passes_pass_number_unique" UNIQUE("pass_number"),
	CONSTRAINT "passes_period_order" CHECK ("passes"."valid_until" >= "passes"."valid_from"),
	CONSTRAINT "passes_verified_pair" CHECK (("passes"."verified_mobile" is null) = ("passes"."verified_at" is null))
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"identity_number" varchar(10) NOT NULL,
	"name" text NOT NULL,
	"mobile" varchar(10),
	"company_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "persons_mobile_canonical" CHECK ("persons"."mobile" is null or "persons"."mobile" ~ '^09[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "rate_counters" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_counters_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "send_windows" (
	"pass_id" integer NOT NULL,
	"identity_number" varchar(10) NOT NULL,
	"mobile" varchar(10) NOT NULL,
	"attempt_id" uuid NOT NULL,
	"open_until" timestamp with time zone NOT NULL,
	CONSTRAINT "send_windows_pass_id_identity_number_mobile_pk" PRIMARY KEY("pass_id","identity_number","mobile")
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to_mobile" varchar(10) NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pass_id" integer NOT NULL,
	"identity_number" varchar(10) NOT NULL,
	"mobile" varchar(10) NOT NULL,
	"channel" "attempt_channel" NOT NULL,
	"account_id" integer,
	"changed_mobile" boolean DEFAULT false NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"state" "attempt_state" DEFAULT 'sending' NOT NULL,
	"failed_tries" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"provider_message_id" text,
	"provider_error" text,
	"cancel_reason" text,
	"cancelled_by" integer,
	"requester_ip" varchar(64),
	"locale" varchar(8) DEFAULT 'zh-TW' NOT NULL,
	CONSTRAINT "attempts_channel_account" CHECK (("verification_attempts"."channel" = 'applicant') = ("verification_attempts"."account_id" is not null)),
	CONSTRAINT "attempts_tries_range" CHECK ("verification_attempts"."failed_tries" >= 0)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passes" ADD CONSTRAINT "passes_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_windows" ADD CONSTRAINT "send_windows_pass_id_passes_id_fk" FOREIGN KEY ("pass_id") REFERENCES "public"."passes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_attempts" ADD CONSTRAINT "verification_attempts_pass_id_passes_id_fk" FOREIGN KEY ("pass_id") REFERENCES "public"."passes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_attempts" ADD CONSTRAINT "verification_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_attempts" ADD CONSTRAINT "verification_attempts_cancelled_by_accounts_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_company_idx" ON "accounts" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "passes_holder_idx" ON "passes" USING btree ("holder_identity_number");--> statement-breakpoint
CREATE INDEX "passes_company_idx" ON "passes" USING btree ("company_id","pass_number");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_live_identity_uq" ON "persons" USING btree ("identity_number") WHERE "persons"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "persons_company_idx" ON "persons" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_to_idx" ON "sms_outbox" USING btree ("to_mobile","created_at");--> statement-breakpoint
CREATE INDEX "attempts_triple_idx" ON "verification_attempts" USING btree ("pass_id","identity_number","mobile","sent_at");--> statement-breakpoint
CREATE INDEX "attempts_pass_idx" ON "verification_attempts" USING btree ("pass_id","sent_at");--> statement-breakpoint
CREATE INDEX "attempts_ip_idx" ON "verification_attempts" USING btree ("requester_ip","sent_at");