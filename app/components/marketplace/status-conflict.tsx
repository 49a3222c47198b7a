import { useRouteLoaderData } from "@remix-run/react";
import type { Role } from "../../../db/schema";
import { actsForOrganization } from "~/accounts/permissions";
import { today } from "~/forms/dates";
import { useT, type MessageKey } from "~/i18n";
import { statusDateConflict, type DatedStatus } from "~/projects/status-dates";

// A project whose status contradicts its dates, said to those who can put it right: its owner's
// organization and the coordination unit (others see the status as it is recorded).

interface Viewer {
  id: number;
  role: Role;
  organizationId: number | null;
}

function useViewer(): Viewer | null {
  const root = useRouteLoaderData("root") as { user?: Viewer | null } | undefined;
  return root?.user ?? null;
}

interface ProjectDates {
  status: DatedStatus["status"] | string;
  start_date: string;
  end_date: string | null;
  organization_id: number;
}

function useConflict(project: ProjectDates) {
  const viewer = useViewer();
  if (!viewer) return null;
  if (!actsForOrganization({ ...viewer, countryIso3: null }, project.organization_id)) return null;
  return statusDateConflict(
    { status: project.status as DatedStatus["status"], startDate: project.start_date, endDate: project.end_date },
    today(),
  );
}

/** A short note beside the status in lists. */
export function StatusConflictTag({ project }: { project: ProjectDates }) {
  const t = useT();
  const conflict = useConflict(project);
  if (!conflict) return null;
  return <span className="tag warning"> ⚠ {t(`projects.conflictShort.${conflict}`)}</span>;
}

/** The full warning on the project's page. */
export function StatusConflictNotice({ project }: { project: ProjectDates }) {
  const t = useT();
  const conflict = useConflict(project);
  if (!conflict) return null;
  return (
    <p className="notice warning" role="note">
      {t(`projects.conflict.${conflict}`, { status: t(`projectStatus.${project.status}` as MessageKey) })}
    </p>
  );
}
