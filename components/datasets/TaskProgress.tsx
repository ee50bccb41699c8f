"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui";
import { useApiErrorMessage } from "./api";
import { ProgressBar } from "./ProgressBar";
import type { TaskView } from "./types";
import { useTask } from "./use-task";

export type TaskProgressProps = {
  taskId: string;
  /** Accessible name of the progress bar, such as "Cleaning progress". */
  label: string;
  /** Called once when the task completes, e.g. to refresh the version list. */
  onCompleted?: (task: TaskView) => void;
  /** Content shown under a completed task, such as a link to the new version. */
  renderResult?: (task: TaskView) => ReactNode;
};

/**
 * Polls a dataset task and shows its state: a progress bar while it is queued or running, the caller's
 * result view once it completed, and an error when it failed.
 */
export function TaskProgress({ taskId, label, onCompleted, renderResult }: TaskProgressProps) {
  const t = useTranslations("datasets.task");
  const errorMessage = useApiErrorMessage();
  const { data: task, error } = useTask(taskId);
  const reported = useRef<string | null>(null);

  useEffect(() => {
    if (task?.status === "completed" && reported.current !== task.id) {
      reported.current = task.id;
      onCompleted?.(task);
    }
  }, [task, onCompleted]);

  if (error && !task) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (!task) return <ProgressBar value={null} label={label} detail={t("starting")} />;

  if (task.status === "failed") {
    return (
      <Alert tone="error" title={t("failedTitle")}>
        <p>{t("failedBody")}</p>
        {task.error && (
          <details className="mt-2">
            <summary className="cursor-pointer text-xs font-medium">{t("failedDetail")}</summary>
            <pre className="mt-1 text-xs whitespace-pre-wrap">{task.error}</pre>
          </details>
        )}
      </Alert>
    );
  }

  if (task.status === "completed") return <>{renderResult?.(task)}</>;

  const percent = Math.round(task.progress * 100);
  return (
    <div aria-live="polite">
      <ProgressBar
        value={task.status === "queued" ? null : task.progress}
        label={label}
        detail={task.status === "queued" ? t("queued") : t("running", { percent })}
      />
    </div>
  );
}
