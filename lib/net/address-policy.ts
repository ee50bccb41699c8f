import { BlockList, isIP } from "node:net";

/**
 * Which addresses server-side requests may reach. Public addresses are always allowed. Loopback, private,
 * link-local, carrier-grade NAT and other special ranges are refused unless an admin allow rule covers the
 * host or the address. Cloud metadata endpoints are refused even then: no rule can expose instance
 * credentials.
 */

const special = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  special.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  // IPv4-compatible addresses (deprecated), which include :: and ::1; some stacks still tunnel them to IPv4.
  ["::", 96],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  special.addSubnet(network, prefix, "ipv6");
}

const metadata = new BlockList();
// AWS, GCP, Azure, OpenStack and most others; Alibaba Cloud; AWS over IPv6.
metadata.addAddress("169.254.169.254", "ipv4");
metadata.addAddress("100.100.100.200", "ipv4");
metadata.addAddress("fd00:ec2::254", "ipv6");

const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata", "instance-data"]);

export type AddressVerdict = { allowed: true } | { allowed: false; reason: "private_address" | "metadata_address" };

/** Admin allow rules: host names (exact or "*.suffix"), IP addresses and CIDR ranges. */
export type AllowRules = readonly string[];

/** Splits a valid IPv6 address into its eight 16-bit groups, with "::" expanded and a trailing dotted IPv4 part converted. */
function ipv6Groups(address: string): number[] {
  let text = address.split("%")[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

function dottedFrom(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * Strips IPv6 brackets and turns IPv4-mapped addresses into plain IPv4, in any spelling: "::ffff:127.0.0.1"
 * and "::ffff:7f00:1" (the form WHATWG URL parsing produces) are both judged as 127.0.0.1.
 */
export function normaliseAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(bare) !== 6) return bare;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  return mapped ? dottedFrom(groups[6]!, groups[7]!) : bare;
}

/** Extracts the IPv4 address inside a NAT64 (64:ff9b::/96) or IPv4-compatible (::/96) IPv6 address; null for others. */
function embeddedIpv4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const groups = ipv6Groups(address);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  const compatible = groups.slice(0, 6).every((group) => group === 0);
  return nat64 || compatible ? dottedFrom(groups[6]!, groups[7]!) : null;
}

function family(address: string): "ipv4" | "ipv6" {
  return isIP(address) === 6 ? "ipv6" : "ipv4";
}

/** True for cloud metadata addresses, also when written inside a NAT64 or IPv4-compatible IPv6 address. */
export function isMetadataAddress(address: string): boolean {
  const normalised = normaliseAddress(address);
  if (!isIP(normalised)) return false;
  const embedded = embeddedIpv4(normalised);
  if (embedded && metadata.check(embedded, "ipv4")) return true;
  return metadata.check(normalised, family(normalised));
}

export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ""));
}

/** True for addresses outside the public internet: loopback, private, link-local and reserved ranges. */
export function isSpecialAddress(address: string): boolean {
  const normalised = normaliseAddress(address);
  if (!isIP(normalised)) return true;
  return special.check(normalised, family(normalised));
}

/** Checks that a rule is a host name, "*.suffix", an IP address or a CIDR range; returns an English reason when not. */
export function validateAllowRule(rule: string): string | null {
  const value = rule.trim().toLowerCase();
  if (!value) return "The rule is empty";
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (cidr) {
    const version = isIP(cidr[1]!);
    const prefix = Number(cidr[2]);
    if (!version) return `"${cidr[1]}" is not an IP address`;
    if (prefix > (version === 4 ? 32 : 128)) return `The prefix /${prefix} is too long for an IPv${version} address`;
    // A range such as 0.0.0.0/0 would switch the guard off for every private network at once.
    const widest = version === 4 ? 8 : 7;
    if (prefix < widest) return `The range /${prefix} is too broad; allow ranges of /${widest} or narrower`;
    return null;
  }
  if (isIP(normaliseAddress(value))) return null;
  if (/^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/.test(value)) return null;
  return `"${rule}" is not a host name, IP address or CIDR range`;
}

function hostMatches(rule: string, hostname: string): boolean {
  if (rule.startsWith("*.")) return hostname.endsWith(rule.slice(1)) && hostname.length > rule.length - 1;
  return rule === hostname;
}

function addressMatches(rule: string, address: string): boolean {
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(rule);
  const list = new BlockList();
  if (cidr) {
    const network = normaliseAddress(cidr[1]!);
    if (!isIP(network) || family(network) !== family(address)) return false;
    list.addSubnet(network, Number(cidr[2]), family(network));
  } else {
    const single = normaliseAddress(rule);
    if (!isIP(single) || family(single) !== family(address)) return false;
    list.addAddress(single, family(single));
  }
  return list.check(address, family(address));
}

/** Judges one resolved address of `hostname` against the allow rules. */
export function judgeAddress(hostname: string, address: string, rules: AllowRules): AddressVerdict {
  const normalised = normaliseAddress(address);
  if (isMetadataAddress(normalised) || isMetadataHost(hostname)) return { allowed: false, reason: "metadata_address" };
  if (!isSpecialAddress(normalised)) return { allowed: true };

  const host = normaliseAddress(hostname).replace(/\.$/, "");
  const lowered = rules.map((rule) => rule.trim().toLowerCase());
  if (lowered.some((rule) => hostMatches(rule, host) || addressMatches(rule, normalised))) return { allowed: true };
  return { allowed: false, reason: "private_address" };
}
