import { getFormatter, getTranslations } from "next-intl/server";
import { Badge, Card, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listPendingInvitations, listUsers } from "@/lib/users/users";
import { RevokeInvitationButton } from "./RevokeInvitationButton";
import { UsersPanel } from "./UsersPanel";

export async function generateMetadata() {
  const t = await getTranslations("users");
  return { title: t("title") };
}

export default async function UsersPage() {
  const actor = await requireActor("users.manage");
  const [users, invitations, t, tCommon, format] = await Promise.all([
    listUsers(db(), actor),
    listPendingInvitations(db(), actor),
    getTranslations("users"),
    getTranslations("common"),
    getFormatter(),
  ]);

  return (
    <div className="space-y-8">
      <UsersPanel users={users} currentUserId={actor.userId} publicUrl={env().LUODI_PUBLIC_URL ?? null} />

      <Card>
        <CardHeader title={t("invitations.title")} description={t("invitations.description")} />
        <Table caption={t("invitations.title")} captionHidden className="rounded-t-none border-0">
          <THead>
            <tr>
              <Th>{t("fields.name")}</Th>
              <Th>{t("fields.email")}</Th>
              <Th>{t("fields.role")}</Th>
              <Th>{t("invitations.created")}</Th>
              <Th>{t("invitations.expires")}</Th>
              <Th className="text-right">{t("table.actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {invitations.length === 0 && <TableEmptyRow colSpan={6}>{t("invitations.empty")}</TableEmptyRow>}
            {invitations.map((invitation) => (
              <Tr key={invitation.id}>
                <Td className="font-medium">{invitation.name}</Td>
                <Td className="text-muted">{invitation.email}</Td>
                <Td>
                  <Badge>{tCommon(`roles.${invitation.role}`)}</Badge>
                </Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(invitation.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(invitation.expiresAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="text-right">
                  <RevokeInvitationButton invitation={{ id: invitation.id, email: invitation.email }} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}
