import { z } from "zod";

// Client components import these too, so this module must stay free of server-only imports.

/** Token lifetimes offered in the form, in days; "never" creates a token without an expiry date. */
export const tokenExpiryOptions = ["30", "90", "365", "never"] as const;

export const createTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  expiry: z.enum(tokenExpiryOptions),
});

export const revokeTokenInput = z.object({ tokenId: z.string().min(1) });
