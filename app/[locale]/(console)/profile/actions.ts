"use server";

import { runAction } from "@/lib/actions/define-action";
import { changePasswordAction, createTokenAction, revokeTokenAction } from "@/lib/users/account-actions";

export async function changePassword(input: unknown) {
  return runAction(changePasswordAction, input);
}

export async function createToken(input: unknown) {
  return runAction(createTokenAction, input);
}

export async function revokeToken(input: unknown) {
  return runAction(revokeTokenAction, input);
}
