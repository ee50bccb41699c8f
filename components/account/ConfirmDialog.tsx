"use client";

import type { ReactNode } from "react";
import { Button, Dialog } from "@/components/ui";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  closeLabel: string;
  /** Makes the confirm button red, for actions that remove access. */
  destructive?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** Extra content such as an error alert. */
  children?: ReactNode;
};

/** Asks the user to confirm one action, with Cancel and Confirm buttons. */
export function ConfirmDialog({ open, title, description, confirmLabel, cancelLabel, closeLabel, destructive, pending, onConfirm, onClose, children }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      closeLabel={closeLabel}
      size="sm"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {cancelLabel}
          </Button>
          <Button variant={destructive ? "danger" : "primary"} onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
