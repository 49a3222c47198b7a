import type { SessionUser } from "~/accounts/session.server";
import { can } from "~/accounts/permissions";
import type { MarketplaceOptions } from "./options.server";

/** The countries a person may list needs for: a beneficiary their own, coordinators and admins any. */
export function needCountriesFor(user: SessionUser, options: MarketplaceOptions) {
  if (can(user.role, "record:edit-any")) return options.countries;
  return options.countries.filter((c) => c.iso3 === user.countryIso3);
}
