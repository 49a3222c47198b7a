import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/i18n";
import type { Flash } from "~/flash/flash.server";

/**
 * The success notice the previous action left (app/flash/flash.server.ts), shown once above the page
 * and announced politely; its button (reachable with Tab) dismisses it.
 */
export function FlashNotice({ flash }: { flash: Flash | null }) {
  const t = useT();
  const [dismissed, setDismissed] = useState<string | null>(null);
  // A new notice (another id) shows even when the previous one was dismissed.
  useEffect(() => setDismissed(null), [flash?.id]);
  // It belongs to the page it came with: the next submission or navigation puts it away.
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    if (busy && flash) setDismissed(flash.id);
  }, [busy, flash]);
  if (!flash || dismissed === flash.id) return null;
  return (
    <div role="status" aria-live="polite" className="notice success flash">
      <p>{t(flash.key)}</p>
      <button
        type="button"
        className="flash-dismiss"
        aria-label={t("flash.dismiss")}
        onClick={() => setDismissed(flash.id)}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
