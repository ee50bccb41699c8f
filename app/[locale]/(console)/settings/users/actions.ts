"use server";

import { runAction } from "@/lib/actions/define-action";
import {
  changeRoleAction,
  createUserAction,
  inviteUserAction,
  resetPasswordAction,
  revokeInvitationAction,
  setUserStatusAction,
} from "@/lib/users/actions";

export async function createUser(input: unknown) {
  return runAction(createUserAction, input);
}

export async function inviteUser(input: unknown) {
  return runAction(inviteUserAction, input);
}

export async function changeRole(input: unknown) {
  return runAction(changeRoleAction, input);
}

export async function setUserStatus(input: unknown) {
  return runAction(setUserStatusAction, input);
}

export async function resetPassword(input: unknown) {
  return runAction(resetPasswordAction, input);
}

export async function revokeInvitation(input: unknown) {
  return runAction(revokeInvitationAction, input);
}
