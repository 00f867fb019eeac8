-- GIN indexes led by a plain column (company_id).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
-- Substrings of a text for GIN search: every run of n characters of lower(t), once each.
CREATE FUNCTION grams(t text, n int) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, n)), '{}')
  FROM generate_series(1, length(t) - n + 1) AS i
$$;--> statement-breakpoint
ALTER TABLE "passes" ADD COLUMN "holder_mobile" varchar(10);--> statement-breakpoint
ALTER TABLE "passes" ADD COLUMN "holder_company_id" integer;--> statement-breakpoint
CREATE INDEX "passes_company_valid_until_idx" ON "passes" USING btree ("company_id","valid_until","pass_number");--> statement-breakpoint
CREATE INDEX "passes_company_name_idx" ON "passes" USING btree ("company_id","holder_name","pass_number");--> statement-breakpoint
CREATE INDEX "passes_company_status_idx" ON "passes" USING btree ("company_id",(case when "verified_mobile" is null then 'unverified' when "verified_mobile" = "holder_mobile" then 'verified' else 'pending' end),"pass_number","verified_mobile","holder_mobile");--> statement-breakpoint
CREATE INDEX "passes_company_identity_idx" ON "passes" USING btree ("company_id","holder_identity_number" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "passes_maintained_idx" ON "passes" USING btree ("holder_company_id","pass_number") WHERE "passes"."holder_company_id" <> "passes"."company_id";--> statement-breakpoint
CREATE INDEX "passes_maintained_status_idx" ON "passes" USING btree ("holder_company_id",(case when "verified_mobile" is null then 'unverified' when "verified_mobile" = "holder_mobile" then 'verified' else 'pending' end),"pass_number","verified_mobile","holder_mobile") WHERE "passes"."holder_company_id" <> "passes"."company_id";--> statement-breakpoint
CREATE INDEX "passes_pass_number_grams_idx" ON "passes" USING gin ("company_id",grams("pass_number", 3));--> statement-breakpoint
CREATE INDEX "passes_name_grams_idx" ON "passes" USING gin ("company_id",(grams("holder_name", 1) || grams("holder_name", 2)));--> statement-breakpoint
-- Every written pass takes its holder's live person record as it is now: the record's mobile
-- (是否驗證 is computed against it) and the company maintaining it.
CREATE FUNCTION passes_set_holder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Without a live record both become null (SELECT INTO finding no row). FOR SHARE: a concurrent
  -- change of the record (transfer, new mobile, deletion) waits for this pass to be committed,
  -- and its trigger then rewrites it; a change committed first is read here.
  SELECT mobile, company_id INTO NEW.holder_mobile, NEW.holder_company_id
  FROM persons WHERE identity_number = NEW.holder_identity_number AND deleted_at IS NULL
  FOR SHARE;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER passes_holder BEFORE INSERT OR UPDATE ON passes
  FOR EACH ROW EXECUTE FUNCTION passes_set_holder();--> statement-breakpoint
-- A person record created, deleted, transferred or given another mobile: its holder's passes are
-- written again, and passes_holder copies the record anew.
CREATE FUNCTION persons_refresh_passes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE passes SET holder_mobile = holder_mobile
  WHERE holder_identity_number IN (
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.identity_number END,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.identity_number END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER persons_passes AFTER INSERT OR DELETE OR UPDATE OF mobile, deleted_at, identity_number, company_id ON persons
  FOR EACH ROW EXECUTE FUNCTION persons_refresh_passes();--> statement-breakpoint
UPDATE passes SET holder_mobile = holder_mobile;
