import { useRouteLoaderData } from "@remix-run/react";
import type { ProjectStatus, Role } from "../../../db/schema";
import { actsForOrganization } from "~/accounts/permissions";
import { today } from "~/forms/dates";
import { useT } from "~/i18n";
import { statusDateConflict, type StatusDateConflict } from "~/projects/status-dates";

// A project whose status contradicts its dates, said to those who can put it right: its owner's
// organization and the coordination unit (others see the status as it is recorded).

interface Viewer {
  id: number;
  role: Role;
  organizationId: number | null;
}

/** The viewer, and the server's day (the root loader's): the browser's clock may read another day. */
function useViewer(): { viewer: Viewer | null; asOf: string } {
  const root = useRouteLoaderData("root") as { user?: Viewer | null; today?: string } | undefined;
  return { viewer: root?.user ?? null, asOf: root?.today ?? today() };
}

interface ProjectDates {
  status: ProjectStatus;
  start_date: string;
  end_date: string | null;
  organization_id: number;
}

/** The conflict, with the status it is about, when the viewer may put it right. */
function useConflict(project: ProjectDates): { conflict: StatusDateConflict; status: ProjectStatus } | null {
  const { viewer, asOf } = useViewer();
  if (!viewer) return null;
  if (!actsForOrganization({ ...viewer, countryIso3: null }, project.organization_id)) return null;
  const { status } = project;
  const conflict = statusDateConflict({ status, startDate: project.start_date, endDate: project.end_date }, asOf);
  return conflict ? { conflict, status } : null;
}

/** A short note beside the status in lists. */
export function StatusConflictTag({ project }: { project: ProjectDates }) {
  const t = useT();
  const found = useConflict(project);
  if (!found) return null;
  return <span className="tag warning"> ⚠ {t(`projects.conflictShort.${found.conflict}`)}</span>;
}

/** The full warning on the project's page. */
export function StatusConflictNotice({ project }: { project: ProjectDates }) {
  const t = useT();
  const found = useConflict(project);
  if (!found) return null;
  return (
    <p className="notice warning" role="note">
      {t(`projects.conflict.${found.conflict}`, { status: t(`projectStatus.${found.status}`) })}
    </p>
  );
}
