import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/accounts/guards.server";
import { writeAudit } from "~/accounts/audit.server";
import { destroySession } from "~/accounts/session.server";
import { readForm } from "~/utils/csrf.server";

export async function loader() {
  // Signing out changes state: POST only.
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  const user = await getOptionalUser(request, context);
  const cookie = await destroySession(request, context);
  if (user)
    await writeAudit(context.db, {
      actorUserId: user.id,
      action: "auth.sign_out",
      entityType: "user",
      entityId: user.id,
      ip: context.clientIp,
    });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
