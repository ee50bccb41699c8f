"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { SecretReveal } from "@/components/account/SecretReveal";
import { useServerAction } from "@/components/account/use-server-action";
import { Alert, Badge, Button, Dialog, PageHeader, Select, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { roles, type Role } from "@/lib/auth/roles";
import { changeRole, resetPassword, setUserStatus } from "./actions";
import { CreateUserButton } from "./CreateUserButton";
import { InviteUserButton } from "./InviteUserButton";

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "disabled";
  lastLoginAt: Date | null;
};

/**
 * Renders the users page body: the header with create and invite buttons, and the user table with role,
 * status and password reset controls.
 */
export function UsersPanel({ users, currentUserId, publicUrl }: { users: UserRow[]; currentUserId: string | null; publicUrl: string | null }) {
  const t = useTranslations("users");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [statusTarget, setStatusTarget] = useState<UserRow | null>(null);
  const [roleSelectVersion, setRoleSelectVersion] = useState(0);
  const roleChange = useServerAction(changeRole);
  const statusChange = useServerAction(setUserStatus);
  const [resetTarget, setResetTarget] = useState<UserRow | null>(null);
  const [temporaryPassword, setTemporaryPassword] = useState<{ name: string; password: string } | null>(null);
  const passwordReset = useServerAction(resetPassword);

  function onRoleChange(user: UserRow, role: Role) {
    setNotice(null);
    roleChange.run(
      { userId: user.id, role },
      () => {
        setNotice(t("changeRole.done", { name: user.name, role: tCommon(`roles.${role}`) }));
        router.refresh();
      },
      // Remount the select so it shows the stored role again.
      () => setRoleSelectVersion((version) => version + 1),
    );
  }

  function confirmStatusChange() {
    if (!statusTarget) return;
    const target = statusTarget;
    const status = target.status === "active" ? "disabled" : "active";
    setNotice(null);
    statusChange.run({ userId: target.id, status }, () => {
      setStatusTarget(null);
      setNotice(t(status === "disabled" ? "disable.done" : "enable.done", { name: target.name }));
      router.refresh();
    });
  }

  function closeStatusDialog() {
    statusChange.clearFailure();
    setStatusTarget(null);
  }

  function confirmPasswordReset() {
    if (!resetTarget) return;
    const target = resetTarget;
    setNotice(null);
    passwordReset.run({ userId: target.id }, (result) => {
      setResetTarget(null);
      setTemporaryPassword({ name: target.name, password: result.temporaryPassword });
    });
  }

  function closeResetDialog() {
    passwordReset.clearFailure();
    setResetTarget(null);
  }

  const disabling = statusTarget?.status === "active";

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <CreateUserButton onCreated={(email) => setNotice(t("create.done", { email }))} />
            <InviteUserButton publicUrl={publicUrl} />
          </>
        }
      />

      <div className="space-y-3">
        {notice && <Alert tone="success">{notice}</Alert>}
        <ActionErrorAlert failure={roleChange.failure} />

        <Table caption={t("table.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("fields.name")}</Th>
              <Th>{t("fields.email")}</Th>
              <Th>{t("fields.role")}</Th>
              <Th>{t("fields.status")}</Th>
              <Th>{t("fields.lastSignIn")}</Th>
              <Th className="text-right">{t("table.actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {users.map((user) => {
              const isSelf = user.id === currentUserId;
              return (
                <Tr key={user.id}>
                  <Td className="font-medium">
                    {user.name}
                    {isSelf && (
                      <Badge tone="brand" className="ml-2">
                        {t("table.you")}
                      </Badge>
                    )}
                  </Td>
                  <Td className="text-muted">{user.email}</Td>
                  <Td>
                    <Select
                      // Uncontrolled, so the new role stays selected until the refreshed row arrives.
                      key={`${user.role}-${roleSelectVersion}`}
                      aria-label={t("changeRole.label", { name: user.name })}
                      defaultValue={user.role}
                      disabled={isSelf || roleChange.pending}
                      title={isSelf ? t("changeRole.selfHint") : undefined}
                      onChange={(event) => onRoleChange(user, event.target.value as Role)}
                      options={roles.map((role) => ({ value: role, label: tCommon(`roles.${role}`) }))}
                      className="w-36"
                    />
                  </Td>
                  <Td>
                    <Badge tone={user.status === "active" ? "success" : "neutral"}>{t(`statuses.${user.status}`)}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap text-muted">
                    {user.lastLoginAt ? format.dateTime(user.lastLoginAt, { dateStyle: "medium", timeStyle: "short" }) : t("table.never")}
                  </Td>
                  <Td className="text-right">
                    {!isSelf && (
                      <div className="flex justify-end gap-2">
                        <Button variant="ghost" size="sm" onClick={() => setResetTarget(user)}>
                          {t("resetPassword.open")}
                        </Button>
                        <Button variant={user.status === "active" ? "ghost" : "secondary"} size="sm" onClick={() => setStatusTarget(user)}>
                          {user.status === "active" ? t("disable.open") : t("enable.open")}
                        </Button>
                      </div>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </div>

      <ConfirmDialog
        open={statusTarget !== null}
        title={statusTarget ? t(disabling ? "disable.title" : "enable.title", { name: statusTarget.name }) : ""}
        description={disabling ? t("disable.description") : t("enable.description")}
        confirmLabel={disabling ? t("disable.confirm") : t("enable.confirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive={disabling}
        pending={statusChange.pending}
        onConfirm={confirmStatusChange}
        onClose={closeStatusDialog}
      >
        <ActionErrorAlert failure={statusChange.failure} />
      </ConfirmDialog>

      <ConfirmDialog
        open={resetTarget !== null}
        title={resetTarget ? t("resetPassword.title", { name: resetTarget.name }) : ""}
        description={t("resetPassword.description")}
        confirmLabel={t("resetPassword.confirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={passwordReset.pending}
        onConfirm={confirmPasswordReset}
        onClose={closeResetDialog}
      >
        <ActionErrorAlert failure={passwordReset.failure} />
      </ConfirmDialog>

      <Dialog
        open={temporaryPassword !== null}
        onClose={() => setTemporaryPassword(null)}
        title={temporaryPassword ? t("resetPassword.resultTitle", { name: temporaryPassword.name }) : ""}
        closeLabel={tCommon("close")}
        footer={<Button onClick={() => setTemporaryPassword(null)}>{t("resetPassword.done")}</Button>}
      >
        {temporaryPassword && (
          <SecretReveal value={temporaryPassword.password} warning={t("resetPassword.warning")} copyLabel={t("copy")} copiedLabel={t("copied")} />
        )}
      </Dialog>
    </>
  );
}
