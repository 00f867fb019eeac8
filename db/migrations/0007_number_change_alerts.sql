CREATE TYPE "public"."number_change_alert_state" AS ENUM('pending', 'sending', 'sent', 'send-failed');--> statement-breakpoint
CREATE TYPE "public"."number_change_cause" AS ENUM('applicant-confirm', 'public-confirm', 'person-edit');--> statement-breakpoint
CREATE TABLE "number_change_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pass_id" integer NOT NULL,
	"identity_number" varchar(10) NOT NULL,
	"to_mobile" varchar(10) NOT NULL,
	"new_mobile" varchar(10),
	"cause" "number_change_cause" NOT NULL,
	"company_id" integer NOT NULL,
	"account_id" integer,
	"state" "number_change_alert_state" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"locale" varchar(8),
	"provider_message_id" text,
	"provider_error" text
);
--> statement-breakpoint
ALTER TABLE "number_change_alerts" ADD CONSTRAINT "number_change_alerts_pass_id_passes_id_fk" FOREIGN KEY ("pass_id") REFERENCES "public"."passes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_change_alerts" ADD CONSTRAINT "number_change_alerts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "number_change_alerts_pass_idx" ON "number_change_alerts" USING btree ("pass_id","created_at");--> statement-breakpoint
CREATE INDEX "number_change_alerts_identity_idx" ON "number_change_alerts" USING btree ("identity_number","created_at");--> statement-breakpoint
CREATE INDEX "number_change_alerts_to_idx" ON "number_change_alerts" USING btree ("to_mobile","created_at");--> statement-breakpoint
CREATE INDEX "number_change_alerts_new_idx" ON "number_change_alerts" USING btree ("new_mobile","created_at");--> statement-breakpoint
CREATE INDEX "number_change_alerts_pending_idx" ON "number_change_alerts" USING btree ("created_at") WHERE "number_change_alerts"."state" = 'pending';