import { sql, type Kysely } from "kysely";

// Frozen in time: pledges (funding announcements), invoices with their lines and payments, the yearly
// invoice counters and the application settings (the coordination unit's details, bank instructions).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("pledges")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("amount", "numeric(18, 2)", (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("period_end", "date", (c) => c.notNull())
    .addColumn("purpose_kind", "text", (c) =>
      c.notNull().check(sql`purpose_kind IN ('programme', 'pillar', 'country', 'project', 'need')`),
    )
    .addColumn("pillar_code", "text", (c) => c.references("pillars.code"))
    .addColumn("country_iso3", "char(3)", (c) => c.references("countries.iso3"))
    .addColumn("project_id", "integer", (c) => c.references("projects.id"))
    .addColumn("need_id", "integer", (c) => c.references("needs.id"))
    .addColumn("note", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("pledges_period_chk", sql`period_end >= period_start`)
    // Exactly the reference column that the purpose names is set; the others stay empty.
    .addCheckConstraint(
      "pledges_purpose_chk",
      sql`(pillar_code IS NOT NULL) = (purpose_kind = 'pillar')
        AND (country_iso3 IS NOT NULL) = (purpose_kind = 'country')
        AND (project_id IS NOT NULL) = (purpose_kind = 'project')
        AND (need_id IS NOT NULL) = (purpose_kind = 'need')`,
    )
    .execute();
  await db.schema
    .createIndex("pledges_organization_idx")
    .on("pledges")
    .columns(["organization_id", "period_start"])
    .execute();
  await db.schema.createIndex("pledges_period_idx").on("pledges").column("period_start").execute();

  await db.schema
    .createTable("invoice_counters")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("last_number", "integer", (c) => c.notNull().check(sql`last_number > 0`))
    .execute();

  await db.schema
    .createTable("invoices")
    .addColumn("id", "serial", (c) => c.primaryKey())
    // Drafts have no number; the number, year and sequence are given at issue and kept for ever.
    .addColumn("number", "text", (c) => c.unique())
    .addColumn("year", "integer")
    .addColumn("sequence", "integer")
    .addColumn("pledge_id", "integer", (c) => c.notNull().references("pledges.id"))
    .addColumn("bill_to_organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("bill_to_name", "text", (c) => c.notNull())
    .addColumn("bill_to_address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("language", "text", (c) =>
      c
        .notNull()
        .defaultTo("en")
        .check(sql`language IN ('en', 'ru')`),
    )
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("total", "numeric(18, 2)", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`total >= 0`),
    )
    .addColumn("issue_date", "date")
    .addColumn("due_date", "date")
    .addColumn("payment_reference", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status IN ('draft', 'issued', 'partly_paid', 'paid', 'void')`),
    )
    .addColumn("void_reason", "text")
    .addColumn("voided_at", "timestamptz")
    .addColumn("voided_by", "integer", (c) => c.references("users.id"))
    // One replacement per voided invoice; a replacement that is voided in turn is replaced in turn.
    .addColumn("replaces_invoice_id", "integer", (c) => c.unique().references("invoices.id"))
    .addColumn("issuer", "jsonb")
    .addColumn("bank_instructions", "jsonb")
    .addColumn("issued_at", "timestamptz")
    .addColumn("issued_by", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("invoices_year_sequence_uq", ["year", "sequence"])
    // A draft has none of what issuing gives; every other status has all of it.
    .addCheckConstraint(
      "invoices_issued_chk",
      sql`CASE WHEN status = 'draft'
        THEN number IS NULL AND year IS NULL AND sequence IS NULL AND issue_date IS NULL AND issued_at IS NULL
        ELSE number IS NOT NULL AND year IS NOT NULL AND sequence IS NOT NULL AND issue_date IS NOT NULL
          AND due_date IS NOT NULL AND payment_reference IS NOT NULL AND issuer IS NOT NULL
          AND bank_instructions IS NOT NULL AND total > 0 END`,
    )
    .addCheckConstraint("invoices_void_chk", sql`(status = 'void') = (void_reason IS NOT NULL)`)
    .addCheckConstraint("invoices_due_chk", sql`due_date IS NULL OR issue_date IS NULL OR due_date >= issue_date`)
    .execute();
  await db.schema.createIndex("invoices_pledge_idx").on("invoices").columns(["pledge_id", "status"]).execute();
  await db.schema.createIndex("invoices_bill_to_idx").on("invoices").column("bill_to_organization_id").execute();
  await db.schema.createIndex("invoices_status_idx").on("invoices").columns(["status", "due_date"]).execute();

  await db.schema
    .createTable("invoice_lines")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("invoice_id", "integer", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("quantity", "numeric(12, 3)", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "numeric(18, 2)", (c) => c.notNull().check(sql`unit_price > 0`))
    .addColumn("amount", "numeric(18, 2)", (c) => c.notNull())
    .addCheckConstraint("invoice_lines_amount_chk", sql`amount = round(quantity * unit_price, 2)`)
    .addUniqueConstraint("invoice_lines_position_uq", ["invoice_id", "position"])
    .execute();

  await db.schema
    .createTable("invoice_payments")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("invoice_id", "integer", (c) => c.notNull().references("invoices.id"))
    .addColumn("amount", "numeric(18, 2)", (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("paid_on", "date", (c) => c.notNull())
    .addColumn("bank_reference", "text", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("invoice_payments_invoice_idx").on("invoice_payments").column("invoice_id").execute();

  // The database itself refuses to change an issued invoice, so that no code path (a script, a
  // console session, a future bug) can alter what was sent to a donor. Only the status may move
  // forward (issued -> partly_paid -> paid, or -> void with its reason); everything else is frozen.
  await sql`
    CREATE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      mutable text[] := ARRAY['status', 'void_reason', 'voided_at', 'voided_by', 'updated_at', 'version'];
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'invoice % is % and cannot be deleted', OLD.number, OLD.status
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status = 'draft' THEN
        RETURN NEW;
      END IF;
      IF NOT (NEW.status = OLD.status
          OR (OLD.status = 'issued' AND NEW.status IN ('partly_paid', 'paid', 'void'))
          OR (OLD.status = 'partly_paid' AND NEW.status IN ('paid', 'void')))
        OR OLD.status = 'void'
        OR (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable) THEN
        RAISE EXCEPTION 'invoice % is % and cannot be changed', OLD.number, OLD.status
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER invoices_guard BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_guard()
  `.execute(db);

  // Lines belong to drafts only. FOR SHARE waits for a concurrent issue to commit, then sees it.
  await sql`
    CREATE FUNCTION invoice_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      parent_status text;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO parent_status FROM invoices WHERE id = OLD.invoice_id FOR SHARE;
        -- No parent: a draft being deleted with its lines (the invoices guard vetted it).
        IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
          RAISE EXCEPTION 'the lines of a % invoice cannot be changed', parent_status USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO parent_status FROM invoices WHERE id = NEW.invoice_id FOR SHARE;
        IF parent_status IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION 'lines can only be added to a draft invoice' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END IF;
      RETURN OLD;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER invoice_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoice_lines_guard()
  `.execute(db);

  // Payments are an append-only record of money received, and only against an open issued invoice.
  await sql`
    CREATE FUNCTION invoice_payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      parent_status text;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'recorded payments cannot be changed or deleted' USING ERRCODE = 'check_violation';
      END IF;
      SELECT status INTO parent_status FROM invoices WHERE id = NEW.invoice_id FOR SHARE;
      IF parent_status IS NULL OR parent_status NOT IN ('issued', 'partly_paid') THEN
        RAISE EXCEPTION 'payments can only be recorded on an issued or partly paid invoice'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER invoice_payments_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_payments
    FOR EACH ROW EXECUTE FUNCTION invoice_payments_guard()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["invoice_payments", "invoice_lines", "invoices", "invoice_counters", "pledges", "settings"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const fn of ["invoice_payments_guard", "invoice_lines_guard", "invoices_guard"]) {
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(fn)}()`.execute(db);
  }
}
