ALTER TABLE "sessions" ALTER COLUMN "account_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "operator_id" integer;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_operator_idx" ON "sessions" USING btree ("operator_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_one_owner" CHECK (num_nonnulls("sessions"."account_id", "sessions"."operator_id") = 1);--> statement-breakpoint
-- Operators' sessions move over, so nobody signed in to the console is signed out by the upgrade:
-- an operator's row is pending until its second factor.
INSERT INTO "sessions" ("id", "operator_id", "created_at", "expires_at", "ended_at", "pending", "second_factor_at")
  SELECT "id", "operator_id", "created_at", "expires_at", "ended_at", "second_factor_at" IS NULL, "second_factor_at"
  FROM "operator_sessions";--> statement-breakpoint
DROP TABLE "operator_sessions";
