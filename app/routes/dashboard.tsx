import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { MEMBER_NAV } from "~/components/nav-items";
import { useT, type MessageKey } from "~/i18n";

export const meta: MetaFunction = () => [{ title: "ADAM — My ADAM" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { user: { fullName: user.fullName, role: user.role, organizationName: user.organizationName } };
}

export default function Dashboard() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  const links = MEMBER_NAV.filter((item) => item.to !== "/dashboard" && (!item.roles || item.roles.includes(user.role)));
  return (
    <>
      <h1>{t("dashboard.title", { name: user.fullName })}</h1>
      <p>{t("dashboard.role", { role: t(`role.${user.role}` as MessageKey), organization: user.organizationName ?? t("dashboard.noOrganization") })}</p>
      {links.length ? (
        <section aria-labelledby="next">
          <h2 id="next">{t("dashboard.next")}</h2>
          <ul>
            {links.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{t(item.label)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
