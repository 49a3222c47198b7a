import type { Kysely } from "kysely";
import type { AccessRequestsTable, Database } from "../../db/schema";
import { ANSWER_PROMISE_HOURS } from "./promise";

// The coordinators' queue of pending (confirmed) requests.

export interface PendingRequest {
  id: number;
  userId: number;
  fullName: string;
  email: string;
  requestedRole: "donor" | "beneficiary";
  countryIso3: string;
  countryName: { en: string; ru: string };
  justification: string;
  organizationId: number | null;
  organizationName: string | null;
  newOrganizationName: string | null;
  newOrganizationKind: AccessRequestsTable["new_organization_kind"];
  newOrganizationCountryIso3: string | null;
  newOrganizationCountryName: { en: string; ru: string } | null;
  createdAt: Date;
  ageHours: number;
  overdue: boolean;
}

/** One keyset page of the pending requests for an export (id > afterId, by id), as the queue shows them. */
export async function listPendingRequestsAfter(db: Kysely<Database>, afterId: number, limit: number) {
  return db
    .selectFrom("access_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("organizations as o", "o.id", "r.organization_id")
    .select([
      "r.id",
      "u.full_name",
      "u.email",
      "r.requested_role",
      "r.country_iso3",
      "r.justification",
      "o.name as organization_name",
      "r.new_organization_name",
      "r.new_organization_kind",
      "r.new_organization_country_iso3",
      "r.created_at",
    ])
    .where("r.status", "=", "pending")
    .where("r.id", ">", afterId)
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/** Pending requests, oldest first, a page at a time, with their age against the 48-hour promise. */
export async function listPendingRequests(
  db: Kysely<Database>,
  options: { page?: number; pageSize?: number; now?: Date } = {},
): Promise<{ rows: PendingRequest[]; total: number; overdue: number }> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? 20;
  const page = Math.max(1, options.page ?? 1);
  const deadline = new Date(now.getTime() - ANSWER_PROMISE_HOURS * 3_600_000);
  const [rows, counts] = await Promise.all([
    db
      .selectFrom("access_requests as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .innerJoin("countries as c", "c.iso3", "r.country_iso3")
      .leftJoin("organizations as o", "o.id", "r.organization_id")
      .leftJoin("countries as nc", "nc.iso3", "r.new_organization_country_iso3")
      .select([
        "r.id",
        "r.user_id",
        "u.full_name",
        "u.email",
        "r.requested_role",
        "r.country_iso3",
        "c.name_en as country_en",
        "c.name_ru as country_ru",
        "r.justification",
        "r.organization_id",
        "o.name as organization_name",
        "r.new_organization_name",
        "r.new_organization_kind",
        "r.new_organization_country_iso3",
        "nc.name_en as new_country_en",
        "nc.name_ru as new_country_ru",
        "r.created_at",
      ])
      .where("r.status", "=", "pending")
      .where("r.email_verified_at", "is not", null)
      .orderBy("r.created_at", "asc")
      .orderBy("r.id", "asc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("access_requests")
      .select((eb) => [
        eb.fn.countAll<string>().as("total"),
        eb.fn.count<string>("id").filterWhere("created_at", "<", deadline).as("overdue"),
      ])
      .where("status", "=", "pending")
      .where("email_verified_at", "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(counts.total),
    overdue: Number(counts.overdue),
    rows: rows.map((r) => {
      const ageHours = (now.getTime() - new Date(r.created_at).getTime()) / 3_600_000;
      return {
        id: r.id,
        userId: r.user_id,
        fullName: r.full_name,
        email: r.email,
        requestedRole: r.requested_role,
        countryIso3: r.country_iso3,
        countryName: { en: r.country_en, ru: r.country_ru },
        justification: r.justification,
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        newOrganizationName: r.new_organization_name,
        newOrganizationKind: r.new_organization_kind,
        newOrganizationCountryIso3: r.new_organization_country_iso3,
        newOrganizationCountryName:
          r.new_country_en && r.new_country_ru ? { en: r.new_country_en, ru: r.new_country_ru } : null,
        createdAt: r.created_at,
        ageHours,
        overdue: ageHours > ANSWER_PROMISE_HOURS,
      };
    }),
  };
}
