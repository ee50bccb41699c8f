import { describe, expect, it } from "vitest";
import { isMetadataAddress, isMetadataHost, isSpecialAddress, judgeAddress, normaliseAddress, validateAllowRule } from "@/lib/net/address-policy";

describe("normaliseAddress", () => {
  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::ffff:7f00:1", "127.0.0.1"],
    ["[::ffff:7f00:1]", "127.0.0.1"],
    ["0:0:0:0:0:ffff:a00:1", "10.0.0.1"],
    ["::FFFF:C0A8:0101", "192.168.1.1"],
    ["[::1]", "::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["8.8.8.8", "8.8.8.8"],
  ])("%s becomes %s", (input, expected) => {
    expect(normaliseAddress(input)).toBe(expected);
  });
});

describe("isSpecialAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "169.254.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "::ffff:10.1.2.3",
    "::ffff:7f00:1",
    "::7f00:1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "64:ff9b::a00:1",
    "not-an-address",
  ])("%s is special", (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(isSpecialAddress(address)).toBe(false);
  });
});

describe("metadata detection", () => {
  it.each(["169.254.169.254", "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "64:ff9b::a9fe:a9fe", "100.100.100.200", "fd00:ec2::254"])("%s is a metadata address", (address) => {
    expect(isMetadataAddress(address)).toBe(true);
  });

  it.each(["169.254.169.253", "10.0.0.1", "8.8.8.8", "::1"])("%s is no metadata address", (address) => {
    expect(isMetadataAddress(address)).toBe(false);
  });

  it.each(["metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "instance-data"])("%s is a metadata host", (host) => {
    expect(isMetadataHost(host)).toBe(true);
  });

  it("does not flag lookalike hosts", () => {
    expect(isMetadataHost("metadata.example.com")).toBe(false);
    expect(isMetadataHost("my-metadata")).toBe(false);
  });
});

describe("validateAllowRule", () => {
  it.each(["localhost", "gpu-01.corp.example", "*.corp.example", "10.0.0.5", "10.0.0.0/8", "192.168.1.0/24", "::1", "fd00::/8", "::ffff:127.0.0.1", "127.0.0.1/32"])("accepts %s", (rule) => {
    expect(validateAllowRule(rule)).toBeNull();
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["10.0.0.0/33", "too long"],
    ["fd00::/129", "too long"],
    ["999.1.1.1/8", "not an IP address"],
    ["http://10.0.0.5", "not a host name"],
    ["*", "not a host name"],
    ["*.*.example", "not a host name"],
    ["a..b", "not a host name"],
    ["host name", "not a host name"],
    ["10.0.0.5:8000", "not a host name"],
    ["0.0.0.0/0", "too broad"],
    ["10.0.0.0/7", "too broad"],
    ["::/0", "too broad"],
  ])("rejects %j", (rule, fragment) => {
    expect(validateAllowRule(rule)).toContain(fragment);
  });
});

describe("judgeAddress", () => {
  it("allows public addresses without rules", () => {
    expect(judgeAddress("api.example.com", "93.184.216.34", [])).toEqual({ allowed: true });
    expect(judgeAddress("api.example.com", "2606:4700::1111", [])).toEqual({ allowed: true });
  });

  it("blocks private addresses without rules", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "192.168.0.10", "::1", "::ffff:7f00:1", "fd00::5"]) {
      expect(judgeAddress("inference.local", address, []), address).toEqual({ allowed: false, reason: "private_address" });
    }
  });

  it("allows an address inside a CIDR rule", () => {
    expect(judgeAddress("gpu", "10.1.2.3", ["10.0.0.0/8"])).toEqual({ allowed: true });
    expect(judgeAddress("gpu", "192.168.1.200", ["192.168.1.0/24"])).toEqual({ allowed: true });
    expect(judgeAddress("gpu", "fd00::5", ["fd00::/8"])).toEqual({ allowed: true });
  });

  it("blocks an address outside the CIDR rule", () => {
    expect(judgeAddress("gpu", "192.168.2.1", ["192.168.1.0/24"])).toEqual({ allowed: false, reason: "private_address" });
    expect(judgeAddress("gpu", "11.0.0.1", ["10.0.0.0/8"])).toEqual({ allowed: true });
    expect(judgeAddress("gpu", "172.16.0.1", ["10.0.0.0/8"])).toEqual({ allowed: false, reason: "private_address" });
  });

  it("never matches a CIDR rule across address families", () => {
    expect(judgeAddress("gpu", "::1", ["127.0.0.0/8"])).toEqual({ allowed: false, reason: "private_address" });
    expect(judgeAddress("gpu", "127.0.0.1", ["::1/128"])).toEqual({ allowed: false, reason: "private_address" });
  });

  it("matches IPv4-mapped IPv6 addresses against IPv4 rules", () => {
    expect(judgeAddress("gpu", "::ffff:127.0.0.1", ["127.0.0.1"])).toEqual({ allowed: true });
    expect(judgeAddress("gpu", "::ffff:7f00:1", ["127.0.0.0/8"])).toEqual({ allowed: true });
    expect(judgeAddress("gpu", "::ffff:a00:5", ["10.0.0.5"])).toEqual({ allowed: true });
  });

  it("matches exact host rules case-insensitively", () => {
    expect(judgeAddress("localhost", "127.0.0.1", ["localhost"])).toEqual({ allowed: true });
    expect(judgeAddress("LocalHost.", "127.0.0.1", ["LOCALHOST"])).toEqual({ allowed: true });
    expect(judgeAddress("localhost2", "127.0.0.1", ["localhost"])).toEqual({ allowed: false, reason: "private_address" });
  });

  it("matches *.suffix rules only on subdomains", () => {
    const rules = ["*.corp.example"];
    expect(judgeAddress("gpu.corp.example", "10.0.0.5", rules)).toEqual({ allowed: true });
    expect(judgeAddress("a.b.corp.example", "10.0.0.5", rules)).toEqual({ allowed: true });
    expect(judgeAddress("corp.example", "10.0.0.5", rules)).toEqual({ allowed: false, reason: "private_address" });
    expect(judgeAddress("evilcorp.example", "10.0.0.5", rules)).toEqual({ allowed: false, reason: "private_address" });
    expect(judgeAddress("corp.example.attacker.test", "10.0.0.5", rules)).toEqual({ allowed: false, reason: "private_address" });
  });

  it("refuses metadata addresses whatever the rules", () => {
    const everything = ["169.254.0.0/16", "0.0.0.0/0", "::/0", "100.64.0.0/10", "169.254.169.254", "metadata.google.internal"];
    expect(judgeAddress("169.254.169.254", "169.254.169.254", everything)).toEqual({ allowed: false, reason: "metadata_address" });
    expect(judgeAddress("x", "::ffff:a9fe:a9fe", everything)).toEqual({ allowed: false, reason: "metadata_address" });
    expect(judgeAddress("x", "64:ff9b::a9fe:a9fe", [...everything, "64:ff9b::/96"])).toEqual({ allowed: false, reason: "metadata_address" });
    expect(judgeAddress("x", "100.100.100.200", everything)).toEqual({ allowed: false, reason: "metadata_address" });
    expect(judgeAddress("x", "fd00:ec2::254", everything)).toEqual({ allowed: false, reason: "metadata_address" });
  });

  it("refuses metadata host names even at public addresses", () => {
    expect(judgeAddress("metadata.google.internal", "8.8.8.8", ["metadata.google.internal"])).toEqual({ allowed: false, reason: "metadata_address" });
  });

  it("allows other link-local addresses under a rule", () => {
    expect(judgeAddress("x", "169.254.10.10", ["169.254.0.0/16"])).toEqual({ allowed: true });
  });

  it("ignores surrounding spaces and case in rules", () => {
    expect(judgeAddress("gpu.corp.example", "10.0.0.5", ["  *.CORP.example "])).toEqual({ allowed: true });
  });
});
