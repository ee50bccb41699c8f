"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Rocket } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { apiSend, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardFooter, CardHeader, PageHeader } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { finetuneConsoleKeys } from "../list/queries";
import { ChoiceFields } from "./ChoiceFields";
import { EvaluationFields } from "./EvaluationFields";
import { defaultJobName, firstIssueByField, initialDraft, taskForDatasetType, toLaunchBody, validateDraft, type LaunchContext, type LaunchDraft } from "./form-state";
import { AdapterFields, CheckpointFields, TrainingFields } from "./HyperparameterFields";
import { useApiFailureText, useIssueText, type ApiFailureText } from "./issue-text";
import { useBaseModels, useLaunchOptions } from "./options";
import { PlanSummary } from "./PlanSummary";
import type { LaunchedJob } from "./types";
import { usePlan } from "./use-plan";

/** Issue keys for a required choice left empty, which the form shows only after the first launch attempt. */
const CHOICE_REQUIRED = new Set(["chooseBaseModel", "chooseDatasetVersion", "chooseTask"]);

const NO_FAILURE: ApiFailureText = { byField: new Map(), general: [] };

type LaunchFormProps = { initialBaseModelId?: string; initialDatasetVersionId?: string };

/**
 * Renders the "New fine-tuning job" form. It checks each choice and hyperparameter as the API does, plans
 * the job through the API after each pause in editing, and shows every reason for a rejection next to its
 * field. Launching posts the job and opens its page.
 */
export function LaunchForm({ initialBaseModelId, initialDatasetVersionId }: LaunchFormProps) {
  const t = useTranslations("fineTuning");
  const router = useRouter();
  const queryClient = useQueryClient();
  const issueText = useIssueText();
  const failureText = useApiFailureText();
  const baseModels = useBaseModels();
  const options = useLaunchOptions();
  const [draft, setDraft] = useState<LaunchDraft>(initialDraft);
  const [attempted, setAttempted] = useState(false);

  const versions = options.data?.datasetVersions ?? [];
  const context: LaunchContext = {
    baseModel: baseModels.data?.find((model) => model.id === draft.baseModelId),
    version: versions.find((version) => version.id === draft.datasetVersionId),
    gpuWorkerAvailable: options.data?.gpuWorkerAvailable ?? false,
  };

  /** Applies an edit; a new dataset version preselects its task, and a new base model resets the target modules. */
  const update = (patch: Partial<LaunchDraft>) =>
    setDraft((current) => {
      const next = { ...current, ...patch };
      if (patch.datasetVersionId !== undefined && patch.datasetVersionId !== current.datasetVersionId) {
        const version = versions.find((candidate) => candidate.id === patch.datasetVersionId);
        next.task = taskForDatasetType(version?.type ?? null) ?? next.task;
      }
      if (patch.baseModelId !== undefined && patch.baseModelId !== current.baseModelId) {
        const model = baseModels.data?.find((candidate) => candidate.id === patch.baseModelId);
        next.targetModules = model && model.defaultTargetModules.length === 0 ? [] : null;
      }
      return next;
    });

  // Preselect the base model and dataset version named in the URL, once both lists have arrived.
  const preselected = useRef(false);
  useEffect(() => {
    if (preselected.current || !baseModels.data || !options.data) return;
    preselected.current = true;
    const patch: Partial<LaunchDraft> = {};
    if (initialBaseModelId && baseModels.data.some((model) => model.id === initialBaseModelId)) patch.baseModelId = initialBaseModelId;
    if (initialDatasetVersionId && options.data.datasetVersions.some((version) => version.id === initialDatasetVersionId)) patch.datasetVersionId = initialDatasetVersionId;
    if (Object.keys(patch).length > 0) update(patch);
    // `update` is rebuilt on every render and reads the lists this effect waits for, so it is not a dependency.
  }, [baseModels.data, options.data, initialBaseModelId, initialDatasetVersionId]);

  const validation = validateDraft(draft, context);
  const shownIssues = validation.issues.filter((issue) => attempted || !CHOICE_REQUIRED.has(issue.key));
  const issueByField = firstIssueByField(shownIssues);
  const plan = usePlan(validation.body);
  const planFailure = plan.isError && plan.current ? failureText(plan.error) : NO_FAILURE;

  const launch = useMutation({
    mutationFn: (body: ReturnType<typeof toLaunchBody>) => apiSend<ApiItem<LaunchedJob>>("POST", "/fine-tuning/jobs", body),
    onSuccess: (response) => {
      void queryClient.invalidateQueries({ queryKey: finetuneConsoleKeys.jobs() });
      router.push(`/fine-tuning/jobs/${response.data.id}`);
    },
  });
  const launchFailure = launch.isError ? failureText(launch.error) : NO_FAILURE;

  const errorOf = (field: string) => {
    const issue = issueByField.get(field);
    if (issue) return issueText(issue);
    return launchFailure.byField.get(field) ?? planFailure.byField.get(field);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (validation.body) launch.mutate(toLaunchBody(validation.body, draft.name, context));
  };

  const fieldProps = { draft, onChange: update, errorOf };
  const loadFailed = baseModels.isError || options.isError;
  const noBaseModels = baseModels.isSuccess && baseModels.data.length === 0;
  const noVersions = options.isSuccess && versions.length === 0;
  const planBlocked = validation.body === null;

  return (
    <div>
      <Link href="/fine-tuning" className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="size-4" aria-hidden />
        {t("launch.back")}
      </Link>
      <PageHeader title={t("launch.title")} description={t("launch.description")} />

      {loadFailed && <Alert tone="error">{t("launch.loadFailed")}</Alert>}
      {noBaseModels && (
        <Alert tone="warning" title={t("launch.noBaseModelsTitle")}>
          {t("launch.noBaseModels")}{" "}
          <Link href="/fine-tuning/base-models" className="font-medium underline">
            {t("launch.registerBaseModel")}
          </Link>
        </Alert>
      )}
      {noVersions && (
        <Alert tone="warning" title={t("launch.noVersionsTitle")}>
          {t("launch.noVersions")}{" "}
          <Link href="/datasets" className="font-medium underline">
            {t("launch.openDatasets")}
          </Link>
        </Alert>
      )}

      <form onSubmit={submit} noValidate className="mt-4 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-6">
          <Card>
            <CardHeader title={t("launch.sections.choices")} />
            <CardBody>
              <ChoiceFields
                {...fieldProps}
                baseModels={baseModels.data ?? []}
                versions={versions}
                gpuWorkerAvailable={context.gpuWorkerAvailable}
                defaultName={defaultJobName(context, draft.method)}
              />
            </CardBody>
          </Card>

          <Card>
            <CardHeader title={t(`launch.sections.adapter.${draft.method}`)} />
            <CardBody>
              <AdapterFields {...fieldProps} baseModel={context.baseModel} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader title={t("launch.sections.training")} />
            <CardBody>
              <TrainingFields {...fieldProps} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader title={t("launch.sections.checkpoints")} description={t("launch.sections.checkpointsHint")} />
            <CardBody>
              <CheckpointFields {...fieldProps} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader title={t("launch.sections.evaluation")} description={t("launch.sections.evaluationHint")} />
            <CardBody>
              <EvaluationFields {...fieldProps} />
            </CardBody>
          </Card>
        </div>

        <Card className="lg:sticky lg:top-4">
          <CardBody>
            <PlanSummary plan={plan.data} pending={plan.settling || plan.isFetching} blocked={planBlocked} failures={planFailure.general} />
          </CardBody>
          <CardFooter className="flex-col items-stretch gap-2">
            {launch.isError && launchFailure.general.map((message) => <Alert key={message} tone="error">{message}</Alert>)}
            {attempted && shownIssues.length > 0 && <p className="text-xs text-red-700">{t("launch.fixFields", { count: shownIssues.length })}</p>}
            <Button type="submit" id="ft-launch" data-testid="ft-launch" icon={<Rocket className="size-4" aria-hidden />} loading={launch.isPending} disabled={plan.isError && plan.current}>
              {t("launch.submit")}
            </Button>
            <p className="text-xs text-muted">{t("launch.submitHint")}</p>
          </CardFooter>
        </Card>
      </form>
    </div>
  );
}
