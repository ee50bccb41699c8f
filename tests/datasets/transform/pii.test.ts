import { describe, expect, test } from "vitest";
import {
  findPii,
  isValidCardNumber,
  isValidIdCardNumber,
  scrubPii,
  type PiiKind,
} from "@/lib/datasets/transform/pii";

const ALL_ENABLED: Record<PiiKind, boolean> = { mobile: true, idCard: true, bankCard: true, landline: true, email: true };

function kindsIn(text: string): { kind: PiiKind; value: string }[] {
  return findPii(text).map(({ kind, value }) => ({ kind, value }));
}

describe("mobile numbers", () => {
  test.each([
    ["13812345678", "13812345678"],
    ["请拨打13912345678联系我", "13912345678"],
    ["手机：+86 138 1234 5678。", "+86 138 1234 5678"],
    ["8613812345678", "8613812345678"],
    ["86-19912345678", "86-19912345678"],
    ["138-1234-5678", "138-1234-5678"],
    ["0086 15012345678", "0086 15012345678"],
  ])("finds %s", (text, value) => {
    expect(kindsIn(text)).toEqual([{ kind: "mobile", value }]);
  });

  test.each([
    ["inside a longer digit run", "订单号213812345678"],
    ["followed by a digit", "138123456789"],
    ["second digit below 3", "12812345678"],
    ["ten digits", "1381234567"],
    ["inconsistent grouping", "138 1234-5678"],
  ])("ignores %s", (_case, text) => {
    expect(findPii(text).filter((match) => match.kind === "mobile")).toEqual([]);
  });
});

describe("resident ID numbers", () => {
  test.each([
    ["11010519491231002X", "11010519491231002X"],
    ["身份证号11010519491231002x。", "11010519491231002x"],
    ["320102198501011007", "320102198501011007"],
    ["110105 19491231 002X", "110105 19491231 002X"],
  ])("finds %s", (text, value) => {
    expect(kindsIn(text)).toEqual([{ kind: "idCard", value }]);
  });

  test("one wrong digit fails the checksum", () => {
    expect(isValidIdCardNumber("11010519491231002X")).toBe(true);
    expect(isValidIdCardNumber("11010519491231003X")).toBe(false);
    expect(findPii("11010519491231003X")).toEqual([]);
  });

  test("impossible birth date is rejected", () => {
    // 1990-02-30 with a check character computed for those digits.
    expect(isValidIdCardNumber("110105199002300012")).toBe(false);
    expect(findPii("身份证110105199002300012").filter((match) => match.kind === "idCard")).toEqual([]);
  });

  test("an ID number that passes Luhn stays an ID number", () => {
    expect(isValidCardNumber("440306199003071056")).toBe(true);
    expect(kindsIn("证件440306199003071056")).toEqual([{ kind: "idCard", value: "440306199003071056" }]);
  });

  test("inside a longer run is ignored", () => {
    expect(findPii("911010519491231002X").filter((match) => match.kind === "idCard")).toEqual([]);
  });
});

describe("bank card numbers", () => {
  test.each([
    ["6222021234567894", "6222021234567894"],
    ["卡号：6222 0212 3456 7894，", "6222 0212 3456 7894"],
    ["6228480012345678903", "6228480012345678903"],
    ["6228 4800 1234 5678 903", "6228 4800 1234 5678 903"],
  ])("finds %s", (text, value) => {
    expect(kindsIn(text)).toEqual([{ kind: "bankCard", value }]);
  });

  test("a Luhn failure is ignored", () => {
    expect(isValidCardNumber("6222021234567895")).toBe(false);
    expect(findPii("卡号6222021234567895")).toEqual([]);
  });

  test("repeated zeros are ignored", () => {
    expect(findPii("0000000000000000")).toEqual([]);
  });

  test("a 20-digit run is ignored", () => {
    expect(findPii("62220212345678940000")).toEqual([]);
  });

  test("a fifth group of four is ignored", () => {
    expect(findPii("6222 0212 3456 7894 1234 5678")).toEqual([]);
  });
});

describe("landlines", () => {
  test.each([
    ["酒店的电话是010-81528822。", "010-81528822"],
    ["01081528822", "01081528822"],
    ["(010)12345678", "(010)12345678"],
    ["（010）62345678", "（010）62345678"],
    ["0571-88888888", "0571-88888888"],
    ["0755 2345678", "0755 2345678"],
    ["021-62345678-801", "021-62345678-801"],
    ["021-62345678转801", "021-62345678转801"],
    ["010-12345678", "010-12345678"],
  ])("finds %s", (text, value) => {
    expect(kindsIn(text)).toEqual([{ kind: "landline", value }]);
  });

  test.each([
    ["bare run with local number starting with 1", "0101234567"],
    ["too short", "010-23456"],
    ["nine-digit local number", "010-815288221"],
    ["no area code", "81528822"],
    ["inside a longer run", "9010815288221"],
  ])("ignores %s", (_case, text) => {
    expect(findPii(text)).toEqual([]);
  });
});

describe("e-mail addresses", () => {
  test.each([
    ["邮箱zhang.san@example.com谢谢", "zhang.san@example.com"],
    ["li_si+test@mail.example.cn", "li_si+test@mail.example.cn"],
    ["13812345678@163.com", "13812345678@163.com"],
  ])("finds %s", (text, value) => {
    expect(kindsIn(text)).toEqual([{ kind: "email", value }]);
  });

  test.each([["@username"], ["a@b"], ["价格@10元"]])("ignores %s", (text) => {
    expect(findPii(text)).toEqual([]);
  });
});

describe("scrubPii", () => {
  test("replaces each kind with its placeholder", () => {
    const text = "张三，手机13812345678，身份证11010519491231002X，卡号6222021234567894，座机010-81528822，邮箱zs@example.com。";
    const result = scrubPii(text, ALL_ENABLED);

    expect(result.text).toBe("张三，手机[手机号]，身份证[身份证号]，卡号[银行卡号]，座机[座机号]，邮箱[邮箱]。");
    expect(result.kinds).toEqual(["mobile", "idCard", "bankCard", "landline", "email"]);
    expect(result.counts).toEqual({ mobile: 1, idCard: 1, bankCard: 1, landline: 1, email: 1 });
  });

  test("leaves disabled kinds", () => {
    const result = scrubPii("电话010-81528822或13812345678", { ...ALL_ENABLED, landline: false });
    expect(result.text).toBe("电话010-81528822或[手机号]");
  });

  test("ID number is not scrubbed as card when ID scrubbing is off", () => {
    const result = scrubPii("440306199003071056", { ...ALL_ENABLED, idCard: false });
    expect(result.text).toBe("440306199003071056");
  });

  test("counts repeated matches", () => {
    const result = scrubPii("13812345678、13912345678", ALL_ENABLED);
    expect(result.text).toBe("[手机号]、[手机号]");
    expect(result.counts).toEqual({ mobile: 2 });
  });

  test("returns text without PII unchanged", () => {
    const text = "我想找一家经济型的酒店，评分4.5分以上，价格300元以内。";
    expect(scrubPii(text, ALL_ENABLED)).toEqual({ text, kinds: [], counts: {} });
  });
});
