import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { listPersonalAccessTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { getUser } from "@/lib/users/users";
import { LocaleForm } from "./LocaleForm";
import { PasswordForm } from "./PasswordForm";
import { TokensPanel } from "./TokensPanel";

export async function generateMetadata() {
  const t = await getTranslations("profile");
  return { title: t("title") };
}

/** Renders the signed-in user's own account: details, password, language and personal access tokens. */
export default async function ProfilePage() {
  const actor = await requireActor("profile.update");
  const [t, tUsers, tCommon, tTokens] = await Promise.all([getTranslations("profile"), getTranslations("users"), getTranslations("common"), getTranslations("tokens")]);

  // Console sessions always belong to a user; only system actors have no user id.
  const userId = actor.userId;
  if (!userId) notFound();

  const user = await getUser(db(), actor, userId);
  const tokens = can(actor.role, "tokens.manageOwn") ? await listPersonalAccessTokens(db(), userId) : null;

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />

      <Card>
        <CardHeader title={t("account.title")} />
        <CardBody>
          <dl className="grid max-w-xl grid-cols-[max-content_1fr] gap-x-8 gap-y-3 text-sm">
            <dt className="text-muted">{tUsers("fields.name")}</dt>
            <dd className="text-fg">{user.name}</dd>
            <dt className="text-muted">{tUsers("fields.email")}</dt>
            <dd className="text-fg">{user.email}</dd>
            <dt className="text-muted">{tUsers("fields.role")}</dt>
            <dd className="text-fg">{tCommon(`roles.${user.role}`)}</dd>
          </dl>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("password.title")} description={t("password.description")} />
        <CardBody>
          <PasswordForm />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("language.title")} />
        <CardBody>
          <LocaleForm savedLocale={user.locale} />
        </CardBody>
      </Card>

      {tokens && (
        <Card>
          <CardHeader title={tTokens("title")} description={tTokens("description", { header: "Authorization: Bearer ld_pat_…" })} />
          <CardBody>
            <TokensPanel tokens={tokens} now={new Date()} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
