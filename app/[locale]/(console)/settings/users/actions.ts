"use server";

import { runAction } from "@/lib/actions/define-action";
import { changeRoleAction, createUserAction, inviteUserAction, setUserStatusAction } from "@/lib/users/actions";

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
