import { badUserInput, isCountryCode, todayIso, type CountryCode } from "@smart/platform";

/**
 * Checks on what a person types into a member record. Each failure is a
 * BAD_USER_INPUT naming the field and saying what would be accepted.
 */

// Letters of any script, marks, spaces, apostrophes, hyphens and dots: "Zoë", "O'Brien", "Jean-Luc", "Ödön".
const PERSON_NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
// Deliberately plain: one @, no spaces, a dot in the domain. The address is confirmed by mail, not by regex.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{4,40}$/;
export const MAX_SHARES = 10_000;

const fail = (field: string, message: string) => badUserInput(`${field}: ${message}`, { argumentName: field });

export function checkPersonName(field: string, value: string): string {
  const name = value.normalize("NFC").trim();
  if (name.length < 1 || name.length > 100) throw fail(field, "must be 1 to 100 characters.");
  if (!PERSON_NAME.test(name))
    throw fail(
      field,
      `${JSON.stringify(name.slice(0, 40))} is not a name: use letters, spaces, apostrophes, hyphens or dots.`,
    );
  return name;
}

export function checkEmail(value: string): string {
  const email = value.trim();
  if (email.length > 254 || !EMAIL.test(email))
    throw fail("email", `${JSON.stringify(email.slice(0, 60))} is not an email address.`);
  return email;
}

export function checkPhone(value: string | null | undefined): string | null {
  if (value == null || value.trim() === "") return null;
  const phone = value.trim();
  if (!PHONE.test(phone)) throw fail("phone", "use digits, spaces and + ( ) . / - only, 4 to 40 characters.");
  return phone;
}

export function checkShares(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw fail("shares", `a member holds at least one share; got ${value}.`);
  if (value > MAX_SHARES) throw fail("shares", `at most ${MAX_SHARES}; got ${value}.`);
  return value;
}

/** Countries a member also works in: other units only, each once, in code order. */
export function checkActiveIn(unit: CountryCode, values: readonly string[]): CountryCode[] {
  const codes = [...new Set(values)];
  for (const code of codes) {
    if (!isCountryCode(code))
      throw fail("activeIn", `${JSON.stringify(code)} is not a unit's code (two capital letters, such as BE).`);
    if (code === unit)
      throw fail("activeIn", `lists the member's own unit ${unit}; name the other countries they work in.`);
  }
  return codes.sort();
}

export function checkJoinedOn(value: string | null | undefined): string {
  const today = todayIso();
  if (value == null) return today;
  if (value > today) throw fail("joinedOn", `${value} is in the future.`);
  if (value < "1998-01-01") throw fail("joinedOn", `${value} is before Smart existed (1998).`);
  return value;
}

/** A field that the schema lets be omitted but not set to null. */
export function notNull<T>(field: string, value: T | null): T {
  if (value === null) throw fail(field, "cannot be null; leave it out to keep the current value.");
  return value;
}
